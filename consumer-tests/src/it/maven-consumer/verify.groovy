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
// The README's Dependencies snippet is what this project uses: each of its lines, in order, in this pom.
def readme = new File(basedir, '../../../../README.md').getText('UTF-8')
def section = readme.substring(readme.indexOf('## Dependencies'))
def snippet = section.substring(section.indexOf('```xml') + 6, section.indexOf('```', section.indexOf('```xml') + 6))
def pom = new File(basedir, 'pom.xml').readLines('UTF-8').collect { it.trim() }
int at = 0
snippet.readLines().collect { it.trim() }.findAll { it }.each { line ->
    while (at < pom.size() && pom[at] != line) { at++ }
    assert at < pom.size() : "README's Dependencies snippet has a line this pom lacks (or not in this order): ${line}"
    at++
}
return true
