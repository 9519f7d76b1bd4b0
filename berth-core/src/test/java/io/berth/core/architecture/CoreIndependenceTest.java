package io.berth.core.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Berth's reason to exist: the core knows reservations, never a resource type. These checks fail the build
 * the day someone makes the core depend on a resource manager, a store, the placement module or the server.
 */
class CoreIndependenceTest {

    @Test
    void theCoreModuleDeclaresNoDependencyOnAnyOtherBerthModule() throws Exception {
        Path pom = Path.of("pom.xml").toAbsolutePath();
        assertThat(pom).exists();
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(pom));
        String self = null;
        NodeList top = doc.getDocumentElement().getChildNodes();
        for (int i = 0; i < top.getLength(); i++) {
            if (top.item(i) instanceof Element e && e.getTagName().equals("artifactId")) self = e.getTextContent().trim();
        }
        assertThat(self).as("this test reads the core module's own pom").isEqualTo("berth-core");
        NodeList deps = doc.getElementsByTagName("dependency");
        List<String> berthDeps = new ArrayList<>();
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String group = d.getElementsByTagName("groupId").item(0).getTextContent().trim();
            String artifact = d.getElementsByTagName("artifactId").item(0).getTextContent().trim();
            if (group.equals("io.berth") || artifact.startsWith("berth-")) berthDeps.add(artifact);
        }
        assertThat(berthDeps).as("berth-core must depend on no other Berth module").isEmpty();
    }

    @Test
    void coreClassesUseNothingResourceSpecificNorAnyOuterLayer() {
        JavaClasses core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.berth.core");
        assertThat(core).isNotEmpty();
        noClasses().that().resideInAPackage("io.berth.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.berth.rm..", "io.berth.placement..", "io.berth.store..", "io.berth.server..", "io.berth.cli..")
                .because("the core is resource-agnostic: resource managers plug into it, not the reverse")
                .check(core);
    }

    @Test
    void coreUsesNoWebDatabaseOrSerialisationFramework() {
        JavaClasses core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.berth.core");
        noClasses().that().resideInAPackage("io.berth.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "java.sql..", "com.fasterxml..", "org.h2..", "org.postgresql..")
                .check(core);
    }
}
