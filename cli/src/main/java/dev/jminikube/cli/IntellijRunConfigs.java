package dev.jminikube.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * IntelliJ's shared run configurations ({@code .run/NAME.run.xml}, as IntelliJ writes them when "Store as project
 * file" is ticked): a Shell Script configuration that runs {@code jminikube start -p PROFILE}, and, for a main class,
 * an Application configuration whose before-launch list runs that one first and whose environment points
 * KUBECONFIG at the profile's own kubeconfig.
 */
final class IntellijRunConfigs {
    /** IntelliJ's type ID of Shell Script configurations; the before-launch task names its target by it. */
    static final String SHELL_TYPE = "ShConfigurationType";

    private IntellijRunConfigs() {
    }

    static List<OwnedFile> files(IdeTarget target) {
        List<OwnedFile> files = new ArrayList<>();
        files.add(file(target.startName(), startCluster(target)));
        target.programName().ifPresent(name -> files.add(file(name, program(target, name))));
        return files;
    }

    private static OwnedFile file(String configurationName, String xml) {
        return new OwnedFile(Path.of(".run", configurationName + ".run.xml"), OwnedFile.CommentSyntax.XML, xml, null);
    }

    /** Runs in IntelliJ's Run window (not a terminal), so a before-launch task waits for it to finish. */
    static String startCluster(IdeTarget target) {
        return """
                <component name="ProjectRunConfigurationManager">
                  <configuration default="false" name="%s" type="%s" factoryName="Shell Script">
                    <option name="SCRIPT_TEXT" value="%s" />
                    <option name="INDEPENDENT_SCRIPT_PATH" value="true" />
                    <option name="SCRIPT_PATH" value="" />
                    <option name="SCRIPT_OPTIONS" value="" />
                    <option name="INDEPENDENT_SCRIPT_WORKING_DIRECTORY" value="true" />
                    <option name="SCRIPT_WORKING_DIRECTORY" value="$PROJECT_DIR$" />
                    <option name="INDEPENDENT_INTERPRETER_PATH" value="true" />
                    <option name="INTERPRETER_PATH" value="/bin/bash" />
                    <option name="INTERPRETER_OPTIONS" value="" />
                    <option name="EXECUTE_IN_TERMINAL" value="false" />
                    <option name="EXECUTE_SCRIPT_FILE" value="false" />
                    <envs />
                    <method v="2" />
                  </configuration>
                </component>
                """.formatted(xml(target.startName()), SHELL_TYPE, xml(target.startCommandLine()));
    }

    static String program(IdeTarget target, String name) {
        String module = target.module().map(m -> "\n    <module name=\"" + xml(m) + "\" />").orElse("");
        return """
                <component name="ProjectRunConfigurationManager">
                  <configuration default="false" name="%s" type="Application" factoryName="Application">
                    <envs>
                      <env name="KUBECONFIG" value="%s" />
                    </envs>
                    <option name="MAIN_CLASS_NAME" value="%s" />%s
                    <option name="WORKING_DIRECTORY" value="$PROJECT_DIR$" />
                    <method v="2">
                      <option name="Make" enabled="true" />
                      <option name="RunConfigurationTask" enabled="true" run_configuration_name="%s" run_configuration_type="%s" />
                    </method>
                  </configuration>
                </component>
                """.formatted(xml(name), xml(target.kubeconfig().toString()), xml(target.mainClass().orElseThrow()),
                module, xml(target.startName()), SHELL_TYPE);
    }

    /** An attribute value: the launcher's path may hold any character a file name can. */
    static String xml(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\n' -> out.append("&#10;");
                case '\t' -> out.append("&#9;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
