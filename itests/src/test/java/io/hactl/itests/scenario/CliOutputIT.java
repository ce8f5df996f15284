package io.hactl.itests.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessRunner;
import io.hactl.process.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scriptable commands against the three-node namespace cluster, run as the operator runs them
 * ({@code java -jar hactl.jar ...} from the host): {@code status -o json} and {@code --watch} name
 * the owner the observer sees from outside; {@code config diff/apply} with its dry run,
 * confirmation and cluster-name guard; the historical {@code cluster-create} one-liner.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CliOutputIT extends ScenarioSupport {
  private static final Duration CMD = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The JSON documents a run printed (other lines, such as warnings, left out). */
  private static List<JsonNode> documents(ProcessResult r) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : r.output()) {
      if (l.startsWith("{")) {
        out.add(JSON.readTree(l));
      }
    }
    return out;
  }

  private static String text(ProcessResult r) {
    return String.join("\n", r.output());
  }

  /**
   * Every line {@code hactl ARGS --config FILE} printed (the runner keeps only the last 20),
   * through a file.
   */
  private static List<String> fullOutput(String... args) throws Exception {
    Path out = Files.createTempFile(cluster.run().dir(), "hactl-", ".out");
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", "\"$@\" > \"$0\" 2>&1", out.toString()));
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-jar", cluster.options().hactlJar().toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--config", cluster.paths().config().toString()));
    ProcessResult r = new ProcessRunner().run(ProcessSpec.of("hactl " + args[0], CMD, cmd));
    assertFalse(r.timedOut(), r.describe());
    return Files.readAllLines(out);
  }

  @Test
  void statusJsonAndWatchNameTheOwnerTheObserverSees() throws Exception {
    String owner = owner();
    ProcessResult r = cluster.hactl(CMD, "status", "-o", "json");
    assertEquals(0, r.exitCode(), r.describe());
    List<JsonNode> docs = documents(r);
    assertEquals(1, docs.size(), text(r));
    JsonNode doc = docs.get(0);
    assertEquals(1, doc.get("schemaVersion").asInt());
    JsonNode svc = doc.get("services").get(0);
    assertEquals(owner, svc.get("owner").asText(), "the node the observer sees running it");
    assertEquals("RUNNING", svc.get("state").asText());
    assertEquals(cluster.nodeNames().size(), doc.get("nodes").size());
    doc.get("nodes").forEach(n -> assertTrue(n.get("member").asBoolean(), n.toString()));

    ProcessResult w =
        cluster.hactl(CMD, "status", "--watch", "500ms", "--count", "3", "-o", "json");
    assertEquals(0, w.exitCode(), w.describe());
    List<JsonNode> frames = documents(w);
    assertEquals(3, frames.size(), text(w));
    for (JsonNode f : frames) {
      assertEquals(owner, f.at("/services/0/owner").asText(), f.toString());
    }
    List<String> table = fullOutput("status", "-w", "500ms", "--count", "2", "--width", "70");
    assertEquals(2, table.stream().filter(l -> l.startsWith("--- ")).count(), table.toString());
    assertEquals(
        2,
        table.stream().filter(l -> l.matches("\\s+s1\\s+RUNNING\\s+" + owner + "\\s.*")).count(),
        table.toString());
    assertTrue(
        table.stream().filter(l -> !l.startsWith("hactl: ")).allMatch(l -> l.length() <= 70),
        "the table fits --width (stderr warnings aside): " + table);
    assertNoViolations();
  }

  @Test
  void configDiffDryRunApplyAndTheClusterNameGuard() throws Exception {
    String owner = owner();
    Path cfg = cluster.paths().config();
    String original = Files.readString(cfg);
    ProcessResult same = cluster.hactl(CMD, "config", "diff", cfg.toString());
    assertEquals(0, same.exitCode(), "the running configuration is the file: " + text(same));

    Path changed = cfg.resolveSibling("changed.yaml");
    Files.writeString(
        changed,
        original.replaceFirst("(?m)^  selfFence: exit$", "  selfFence: exit\n  historySize: 777"));
    ProcessResult diff = cluster.hactl(CMD, "config", "diff", changed.toString());
    assertEquals(1, diff.exitCode(), text(diff));
    assertTrue(text(diff).contains("+  historySize: 777"), text(diff));

    ProcessResult noYes =
        cluster.hactl(CMD, "config", "apply", "--allow-clear-text-secrets", changed.toString());
    assertEquals(2, noYes.exitCode(), text(noYes));
    assertTrue(text(noYes).contains("--yes"), text(noYes));
    ProcessResult dry =
        cluster.hactl(
            CMD, "config", "apply", "--dry-run", "--allow-clear-text-secrets", changed.toString());
    assertEquals(0, dry.exitCode(), text(dry));
    assertTrue(text(dry).contains("nothing was changed"), text(dry));
    assertEquals(
        1, cluster.hactl(CMD, "config", "diff", changed.toString()).exitCode(), "still differs");

    ProcessResult applied =
        cluster.hactl(
            CMD, "config", "apply", "--yes", "--allow-clear-text-secrets", changed.toString());
    assertEquals(0, applied.exitCode(), text(applied));
    assertEquals(0, cluster.hactl(CMD, "config", "diff", changed.toString()).exitCode());
    List<String> show = fullOutput("config", "show");
    assertTrue(show.contains("  historySize: 777"), show.toString());

    Matcher name = Pattern.compile("(?m)^  name: \"?([^\"\\n]+)\"?$").matcher(original);
    assertTrue(name.find(), original);
    Path typo = cfg.resolveSibling("typo.yaml");
    Files.writeString(typo, original.replace(name.group(0), "  name: " + name.group(1) + "x"));
    ProcessResult refused =
        cluster.hactl(
            CMD, "config", "apply", "--yes", "--allow-clear-text-secrets", typo.toString());
    assertEquals(6, refused.exitCode(), text(refused));
    assertTrue(text(refused).contains("--new-cluster"), text(refused));
    ProcessResult created =
        cluster.hactl(
            CMD,
            "config",
            "apply",
            "--yes",
            "--new-cluster",
            "--allow-clear-text-secrets",
            typo.toString());
    assertEquals(0, created.exitCode(), text(created));
    assertEquals(owner, owner(), "no configuration step moved the service");
    assertNoViolations();
  }

  @Test
  void theHistoricalOneLinerIsRefusedAndNeverCalledValid() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-jar", cluster.options().hactlJar().toString()));
    cmd.addAll(
        List.of(
            "cluster-create",
            "name=schedd1",
            "spool=/var/lib/condor/spool",
            "server=nfs1",
            "export=/exports/schedd1",
            "node1",
            "node2",
            "node3"));
    ProcessResult r = new ProcessRunner().run(ProcessSpec.of("cluster-create", CMD, cmd));
    assertEquals(3, r.exitCode(), r.describe());
    assertFalse(text(r).contains("valid"), text(r));
    assertTrue(text(r).contains("no daemon"), text(r));
    assertTrue(text(r).contains("no fencing for node1, node2, node3"), text(r));
    assertTrue(text(r).contains("--zookeeper"), text(r));
  }
}
