package fr.villesinternet.atlaas.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One real OpenSearch node, the engine's own server code, with the plugins a distribution
 * would load from its plugins/ folder given as classes instead: the HTTP transport (Netty4)
 * and the common analysis (French elision, stemmers, synonyms, edge n-grams).
 *
 * <p>Arguments: the data folder (created if missing) and the HTTP port. Bound to 127.0.0.1
 * with single-node discovery, the node skips the production bootstrap checks.
 */
public final class SingleNode extends Node {

    private static final Collection<Class<? extends Plugin>> PLUGINS =
            List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);

    private SingleNode(Environment environment) {
        super(environment, PLUGINS, true);
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : "target/node").toAbsolutePath();
        String port = args.length > 1 ? args[1] : "9200";
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Settings settings = Settings.builder()
                .put("cluster.name", "atlaas")
                .put("node.name", "atlaas-single-node")
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("network.host", "127.0.0.1")
                .put("http.port", port)
                .put("transport.port", "9300-9399")
                .put("discovery.type", "single-node")
                // A development node shares a small machine: no disk watermark refusals.
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .build();
        LogConfigurator.registerErrorListener();
        LogConfigurator.configureWithoutConfig(settings);
        Environment environment =
                InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "atlaas-single-node");
        SingleNode node = new SingleNode(environment);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception ignored) {
                // the process is ending anyway
            } finally {
                stopped.countDown();
            }
        }));
        node.start();
        System.out.println("OpenSearch node listening on http://127.0.0.1:" + port);
        stopped.await();
    }
}
