package org.cropsgd.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.internal.config.ConfigEntry;
import org.apache.spark.internal.config.ConfigEntry$;
import org.apache.spark.internal.config.package$;
import org.apache.spark.network.util.MapConfigProvider;
import org.apache.spark.network.util.TransportConf;
import org.apache.spark.util.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * conf/spark-cluster.conf, read the way spark-submit reads a properties file, against the Spark on the
 * classpath: every key is a setting Spark knows and every value one it accepts, the security settings are
 * on, no secret is checked in, and what its comments say about the secret per cluster manager is what
 * Spark's SecurityManager does.
 */
class SparkClusterConfTest {
    private static final Path FILE =
            Path.of(System.getProperty("basedir", ".")).resolve("conf/spark-cluster.conf").toAbsolutePath();

    /** The objects of spark-core whose initialization registers its configuration entries. */
    private static final List<String> CONFIG_HOLDERS = List.of("package$", "Network$", "UI$", "History$",
            "Deploy$", "Worker$", "Kryo$", "Status$", "Python$", "Tests$");

    /**
     * Settings the network layer reads by name (TransportConf) rather than through a registered entry,
     * each with a check that Spark reads the value as meant.
     */
    private static final Map<String, Consumer<String>> TRANSPORT_SETTINGS = Map.of(
            "spark.network.crypto.cipher", value -> {
                assertEquals(value, transportConf(Map.of("spark.network.crypto.cipher", value))
                        .cipherTransformation());
                try {
                    Cipher.getInstance(value);
                } catch (Exception e) {
                    fail("spark.network.crypto.cipher=" + value + " is not a cipher of this JVM: " + e);
                }
            },
            "spark.network.crypto.authEngineVersion", value -> {
                int version = transportConf(Map.of("spark.network.crypto.authEngineVersion", value))
                        .authEngineVersion();
                assertTrue(version == 1 || version == 2, "authEngineVersion is 1 or 2, not " + value);
            });

    private static Map<String, String> settings;

    @BeforeAll
    static void load() throws ClassNotFoundException {
        for (String holder : CONFIG_HOLDERS) {
            Class.forName("org.apache.spark.internal.config." + holder, true,
                    SparkClusterConfTest.class.getClassLoader());
        }
        // Spark's own reader of --properties-file (values trimmed, as spark-submit does).
        settings = new TreeMap<>(CollectionConverters.asJava(Utils.getPropertiesFromFile(FILE.toString())));
    }

    private static TransportConf transportConf(Map<String, String> values) {
        return new TransportConf("rpc", new MapConfigProvider(values));
    }

    private static SecurityManager securityManager(String master, Map<String, String> extra) {
        SparkConf conf = new SparkConf(false);
        settings.forEach(conf::set);
        extra.forEach(conf::set);
        conf.set("spark.master", master);
        return new SecurityManager(conf, Option.<byte[]>empty(), package$.MODULE$.AUTH_SECRET_FILE_DRIVER());
    }

    @Test
    void everyKeyIsASparkSettingWithAValueSparkAccepts() {
        assertTrue(settings.size() >= 10, "settings read from " + FILE + ": " + settings);
        List<String> problems = new ArrayList<>();
        settings.forEach((key, value) -> {
            ConfigEntry<?> entry = ConfigEntry$.MODULE$.findEntry(key);
            try {
                if (entry != null) {
                    entry.valueConverter().apply(value);
                } else if (TRANSPORT_SETTINGS.containsKey(key)) {
                    TRANSPORT_SETTINGS.get(key).accept(value);
                } else {
                    problems.add(key + ": not a setting of this Spark");
                }
            } catch (RuntimeException | AssertionError e) {
                problems.add(key + "=" + value + ": " + e.getMessage());
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void eventLogAuthenticationAndEncryptionAreOn() {
        for (String key : List.of("spark.eventLog.enabled", "spark.authenticate", "spark.network.crypto.enabled",
                "spark.io.encryption.enabled")) {
            assertEquals("true", settings.get(key), key);
        }
        assertTrue(settings.get("spark.eventLog.dir").startsWith("hdfs://"),
                "the event log goes to a shared location: " + settings.get("spark.eventLog.dir"));
        assertEquals("false", settings.get("spark.network.crypto.saslFallback"));
    }

    @Test
    void theNetworkLayerReadsTheEncryptionSettings() {
        TransportConf rpc = transportConf(settings);
        assertTrue(rpc.encryptionEnabled());
        assertEquals("AES/GCM/NoPadding", rpc.cipherTransformation());
        assertEquals(2, rpc.authEngineVersion());
        assertFalse(rpc.saslFallback());
    }

    @Test
    void noSecretIsCheckedIn() {
        assertEquals(List.of(), settings.keySet().stream()
                .filter(key -> key.startsWith("spark.authenticate.secret")).toList());
    }

    @Test
    void localMasterGeneratesTheSecret() {
        SecurityManager security = securityManager("local[2]", Map.of());
        security.initializeAuth();
        assertNotNull(security.getSecretKey());
    }

    @Test
    void standaloneMasterNeedsTheSecretInTheConfiguration() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> securityManager("spark://127.0.0.1:7077", Map.of()).initializeAuth());
        assertTrue(error.getMessage().contains("spark.authenticate.secret"), error.getMessage());
        securityManager("spark://127.0.0.1:7077", Map.of("spark.authenticate.secret", "s3cret")).initializeAuth();
    }

    @Test
    void secretFilesAreForKubernetesOnly(@TempDir Path dir) throws IOException {
        Path secret = Files.write(dir.resolve("secret"), new byte[] {1, 2, 3, 4});
        Map<String, String> file = Map.of("spark.authenticate.secret.file", secret.toString());

        SecurityManager kubernetes = securityManager("k8s://https://127.0.0.1:6443", file);
        kubernetes.initializeAuth();
        assertEquals(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4}), kubernetes.getSecretKey());

        for (String master : List.of("yarn", "local[2]")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> securityManager(master, file).initializeAuth(), master);
            assertTrue(error.getMessage().contains("only allowed in Kubernetes mode"), error.getMessage());
        }
    }
}
