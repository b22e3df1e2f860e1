// Runs after the three consumer builds (invoker.properties): each resolved the user's JUnit, and no
// other JUnit Platform; the surefire configuration of the README reports the display names.
def log = new File(basedir, 'build.log').text

[['5.14.1', '1.14.1'], ['6.0.3', '6.0.3'], ['6.1.3', '6.1.3']].each { jupiter, platform ->
    assert log.contains("org.junit.jupiter:junit-jupiter-api:jar:${jupiter}:test") : "no build ran on JUnit ${jupiter}"
    assert log.contains("org.junit.platform:junit-platform-commons:jar:${platform}:test")
}
def platforms = (log =~ /org\.junit\.platform:junit-platform-commons:jar:([^:]+):/).collect { it[1] } as Set
assert platforms == ['1.14.1', '6.0.3', '6.1.3'] as Set : "JUnit Platform versions resolved: ${platforms}"

def reports = new File(basedir, 'target/surefire-reports').listFiles().findAll { it.name.endsWith('.xml') }
def xml = reports.collect { it.getText('UTF-8') }.join('\n')
assert xml.contains("fixtures/1.0.0: reaches target 2.0.0 from 1.0.0") : "generated checks not reported by name"
assert xml.contains("is idempotent")
assert !xml.contains('chainIsSafe()[') : "surefire reported chainIsSafe()[n] instead of the display names"
return true
