package io.hactl.itests.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JobLedgerTest {
  @TempDir Path dir;

  @Test
  void countsStartsAndEndsPerJobAndFindsTheJobsThatRanTwice() throws IOException {
    Path f = dir.resolve("ledger");
    Files.writeString(
        f,
        String.join(
            "\n",
            "7 start 1796026367.009 cn1",
            "8 start 1796026367.012 cn1",
            "8 end 1796026368.016 cn1",
            "7 start 1796026390.100 cn1",
            "garbage",
            "9 finish 1 cn1",
            "7 end 1796026405.100 cn1",
            ""));
    JobLedger l = JobLedger.read(f);
    assertEquals(new JobLedger.Runs(2, 1), l.runs(7));
    assertEquals(new JobLedger.Runs(1, 1), l.runs(8));
    assertEquals(new JobLedger.Runs(0, 0), l.runs(9));
    assertEquals(List.of(7L), l.duplicated());
    assertEquals(2, l.malformed());
  }

  @Test
  void aMissingLedgerMeansNoJobRanYet() {
    JobLedger l = JobLedger.read(dir.resolve("none"));
    assertEquals(new JobLedger.Runs(0, 0), l.runs(1));
    assertEquals(List.of(), l.duplicated());
  }
}
