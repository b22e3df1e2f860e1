package io.smartmigration.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules of ARCHITECTURE.md, checked on the production classes of every module (their test
 * classes are not on this module's class path). A new module (the Spring Boot starter, say) is a
 * dependency in this module's pom and one {@link Module} constant.
 */
@DisplayName("The architecture of the modules")
class ArchitectureTest {

    /** Every production class of the project's modules. */
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.smartmigration");

    /**
     * The modules: their public API packages and their {@code internal} package (sub-packages
     * included). A package belongs to the module that lists it, or whose internal package holds it.
     */
    enum Module {
        CORE("smartmigration-core", "io.smartmigration.internal", "io.smartmigration", "io.smartmigration.spi"),
        EMBEDDED("smartmigration-embedded", "io.smartmigration.embedded.internal", "io.smartmigration.embedded"),
        TOOLKIT("smartmigration-test", "io.smartmigration.test.internal", "io.smartmigration.test"),
        CLI("smartmigration-cli", "io.smartmigration.cli.internal", "io.smartmigration.cli"),
        SPRING("smartmigration-spring-boot-starter", "io.smartmigration.spring.internal", "io.smartmigration.spring"),
        EXAMPLES("examples", "io.smartmigration.examples.internal", "io.smartmigration.examples",
                "io.smartmigration.examples.notes", "io.smartmigration.examples.notes.migrations");

        final String artifact;
        final String internal;
        final List<String> api;

        Module(String artifact, String internal, String... api) {
            this.artifact = artifact;
            this.internal = internal;
            this.api = List.of(api);
        }

        boolean isInternal(String packageName) {
            return packageName.equals(internal) || packageName.startsWith(internal + ".");
        }

        boolean owns(String packageName) {
            return api.contains(packageName) || isInternal(packageName);
        }

        DescribedPredicate<JavaClass> classes() {
            return DescribedPredicate.describe("classes of " + artifact, c -> owns(c.getPackageName()));
        }
    }

    private static boolean isInternal(String packageName) {
        return Arrays.stream(Module.values()).anyMatch(m -> m.isInternal(packageName));
    }

    @Test
    @DisplayName("every production class belongs to one module's API or internal package")
    void everyPackageHasAModule() {
        classes().should(new ArchCondition<>("belong to a module of the Module table") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                long owners = Arrays.stream(Module.values()).filter(m -> m.owns(item.getPackageName())).count();
                if (owners != 1) {
                    events.add(SimpleConditionEvent.violated(item, item.getName() + " in package "
                            + item.getPackageName() + " belongs to " + owners + " modules: list its package in the"
                            + " Module table of ArchitectureTest (as API, or under the module's internal package)"));
                }
            }
        }).check(CLASSES);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Module.class)
    @DisplayName("a module's internal packages are imported by that module only")
    void internalsStayInTheirModule(Module module) {
        noClasses().that(DescribedPredicate.not(module.classes()))
                .should().dependOnClassesThat().resideInAPackage(module.internal + "..")
                .because(module.artifact + "'s internal packages are its implementation: clients use its public API"
                        + " (see ARCHITECTURE.md)")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    @DisplayName("the toolkit, the CLI, the Spring Boot starter and the examples use no core internals")
    void clientsUseThePublicApi() {
        noClasses().that().resideInAnyPackage("io.smartmigration.test..", "io.smartmigration.cli..",
                        "io.smartmigration.examples..", "io.smartmigration.spring..")
                .should().dependOnClassesThat().resideInAPackage("io.smartmigration.internal..")
                .check(CLASSES);
    }

    @Test
    @DisplayName("public API signatures expose no internal type: supertypes, fields, parameters, results, throws")
    void publicApiExposesNoInternalType() {
        classes().that(DescribedPredicate.describe("are visible API types", ArchitectureTest::isVisibleApiType))
                .should(new ArchCondition<>("expose no type of an internal package") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        for (String problem : exposedInternals(type)) {
                            events.add(SimpleConditionEvent.violated(type, problem));
                        }
                    }
                }).check(CLASSES);
    }

    /** Public (or protected in an extensible class), in an API package, and reachable from outside. */
    private static boolean isVisibleApiType(JavaClass type) {
        if (isInternal(type.getPackageName()) || type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        for (JavaClass c = type; c != null; c = c.getEnclosingClass().orElse(null)) {
            if (!c.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> exposedInternals(JavaClass type) {
        List<String> problems = new ArrayList<>();
        Stream.concat(type.getRawSuperclass().stream().map(JavaClass::toErasure),
                        type.getInterfaces().stream().flatMap(i -> i.getAllInvolvedRawTypes().stream()))
                .filter(t -> isInternal(t.getPackageName()))
                .forEach(t -> problems.add(type.getName() + " extends or implements " + t.getName()));
        boolean extensible = !type.getModifiers().contains(JavaModifier.FINAL) && !type.isEnum() && !type.isRecord();
        for (JavaMember member : type.getMembers()) {
            Set<JavaModifier> modifiers = member.getModifiers();
            boolean visible = modifiers.contains(JavaModifier.PUBLIC)
                    || extensible && modifiers.contains(JavaModifier.PROTECTED);
            if (!visible || modifiers.contains(JavaModifier.SYNTHETIC) || modifiers.contains(JavaModifier.BRIDGE)) {
                continue;
            }
            List<JavaType> signature = new ArrayList<>();
            if (member instanceof JavaField field) {
                signature.add(field.getType());
            } else if (member instanceof JavaCodeUnit code) {
                signature.add(code.getReturnType());
                signature.addAll(code.getParameterTypes());
                code.getThrowsClause().getTypes().forEach(signature::add);
            }
            signature.stream().flatMap(t -> t.getAllInvolvedRawTypes().stream())
                    .filter(t -> isInternal(t.getPackageName()))
                    .forEach(t -> problems.add(member.getFullName() + " exposes " + t.getName()));
        }
        return problems;
    }

    @Test
    @DisplayName("the signature check finds an internal type in a field, a result, a parameter's type argument and a"
            + " protected method, and ignores private members")
    void signatureCheckFindsLeaks() {
        JavaClass leaky = new ClassFileImporter().importClasses(io.smartmigration.archfixture.Leaky.class)
                .get(io.smartmigration.archfixture.Leaky.class);

        assertThat(exposedInternals(leaky)).hasSize(4)
                .allSatisfy(problem -> assertThat(problem).contains("exposes io.smartmigration.internal.archfixture.Hidden"))
                .noneMatch(problem -> problem.contains("notVisible"));
    }

    @Test
    @DisplayName("the cycle check takes core's internal packages and every package of the other modules")
    void cycleSlices() {
        assertThat(cycleSlice(Module.CORE, "io.smartmigration")).isEqualTo(SliceIdentifier.ignore());
        assertThat(cycleSlice(Module.CORE, "io.smartmigration.internal.ledger"))
                .isEqualTo(SliceIdentifier.of("io.smartmigration.internal.ledger"));
        assertThat(cycleSlice(Module.TOOLKIT, "io.smartmigration.test")).isEqualTo(SliceIdentifier.of("io.smartmigration.test"));
        assertThat(cycleSlice(Module.CLI, "io.smartmigration.internal.ledger")).isEqualTo(SliceIdentifier.ignore());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Module.class)
    @DisplayName("a module's packages form no cycle (core: its API package aside, see ARCHITECTURE.md)")
    void noPackageCycles(Module module) {
        SlicesRuleDefinition.slices().assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                        return cycleSlice(module, javaClass.getPackageName());
                    }

                    @Override
                    public String getDescription() {
                        return "the packages of " + module.artifact;
                    }
                })
                .should().beFreeOfCycles()
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    /**
     * The package as a slice of {@code module}'s cycle check. Core's entry points
     * ({@code SmartMigration}, {@code MigrationLedger}) construct the runner, and the runner throws
     * the API's exception and returns the API's records: the API package and the implementation
     * depend on each other by design (as Flyway's entry point and its internals do), so core's API
     * packages take no part; what must not cycle are the internal packages among themselves.
     */
    static SliceIdentifier cycleSlice(Module module, String packageName) {
        if (!module.owns(packageName) || module == Module.CORE && !module.isInternal(packageName)) {
            return SliceIdentifier.ignore();
        }
        return SliceIdentifier.of(packageName);
    }

    @Test
    @DisplayName("the rules see every module: each has classes on this class path")
    void everyModuleIsImported() {
        for (Module module : Module.values()) {
            assertThat(CLASSES.stream().anyMatch(c -> module.owns(c.getPackageName())))
                    .as("classes of %s imported (is it a dependency of smartmigration-architecture?)", module.artifact)
                    .isTrue();
        }
    }
}
