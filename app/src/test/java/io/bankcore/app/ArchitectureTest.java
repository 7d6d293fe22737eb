package io.bankcore.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency rule of the hexagon, checked on the compiled classes of every module. */
@AnalyzeClasses(packages = "io.bankcore", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domain_depends_on_nothing_but_the_jdk = classes()
            .that()
            .resideInAPackage("io.bankcore.domain..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("io.bankcore.domain..", "java..");

    @ArchTest
    static final ArchRule api_knows_only_the_jdk_and_axon_routing = classes()
            .that()
            .resideInAPackage("io.bankcore.api..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("io.bankcore.api..", "java..", "org.axonframework.modelling.command..");

    @ArchTest
    static final ArchRule command_side_does_not_depend_on_query_side = noClasses()
            .that()
            .resideInAPackage("io.bankcore.command..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.bankcore.query..");

    @ArchTest
    static final ArchRule query_side_does_not_depend_on_command_side = noClasses()
            .that()
            .resideInAPackage("io.bankcore.query..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.bankcore.command..");

    @ArchTest
    static final ArchRule nothing_depends_on_the_app = noClasses()
            .that()
            .resideOutsideOfPackage("io.bankcore.app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.bankcore.app..");

    @ArchTest
    static final ArchRule only_the_app_knows_http = noClasses()
            .that()
            .resideOutsideOfPackage("io.bankcore.app..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework.web..",
                    "org.springframework.http..",
                    "jakarta.servlet..",
                    "io.swagger..",
                    "tools.jackson..");

    @ArchTest
    static final ArchRule the_domain_has_no_framework_annotations = noClasses()
            .that()
            .resideInAPackage("io.bankcore.domain..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..",
                    "org.axonframework..",
                    "jakarta.persistence..",
                    "com.fasterxml.jackson..",
                    "tools.jackson..");
}
