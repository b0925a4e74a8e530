package dev.jminikube.cli;

import dev.jminikube.core.Environment;
import dev.jminikube.core.ToolLocator;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RunOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Opens a URL in the user's browser as minikube does ({@code xdg-open}, {@code open}, or Windows' URL
 * handler; {@code $BROWSER} wins when set). When there is none (a server, CI), the caller prints the URL.
 */
final class BrowserOpener {
    private final Environment env;
    private final CommandRunner local;

    BrowserOpener(Environment env, CommandRunner local) {
        this.env = env;
        this.local = local;
    }

    /** True when a browser command was started and accepted the URL. */
    boolean open(String url) {
        Optional<List<String>> argv = argv(url);
        if (argv.isEmpty()) {
            return false;
        }
        return local.run(argv.get(), RunOptions.DEFAULTS.withTimeout(Duration.ofSeconds(20))).succeeded();
    }

    Optional<List<String>> argv(String url) {
        Optional<String> browser = env.variable("BROWSER").filter(b -> !b.isBlank());
        if (browser.isPresent()) {
            return Optional.of(List.of(browser.get(), url));
        }
        ToolLocator tools = new ToolLocator(env);
        return switch (env.os()) {
            case MACOS -> tools.find("open").map(p -> List.of(p.toString(), url));
            case WINDOWS -> Optional.of(List.of("rundll32", "url.dll,FileProtocolHandler", url));
            default -> env.variable("DISPLAY").or(() -> env.variable("WAYLAND_DISPLAY")).isEmpty() ? Optional.empty()
                    : tools.find("xdg-open").map(p -> List.of(p.toString(), url));
        };
    }
}
