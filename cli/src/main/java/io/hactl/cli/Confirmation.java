package io.hactl.cli;

import io.hactl.agent.ExitCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Asks the operator to confirm a dangerous command by typing the node's name, as {@code
 * fence_ack_manual} did; {@code --yes} skips the question (for scripts). Without a terminal or with
 * a wrong answer the command is refused, so nothing dangerous happens by accident. Reads one line
 * of at most {@value #MAX_ANSWER} characters.
 */
final class Confirmation {
  private static final int MAX_ANSWER = 256;

  private Confirmation() {}

  /**
   * Returns when confirmed; throws a refusal otherwise.
   *
   * @param yes the command's {@code --yes}
   * @param warning what will happen, printed before the question
   * @param node what the operator must type
   */
  static void require(boolean yes, String warning, String node) throws CliException {
    PrintStream err = System.err;
    err.println(warning);
    if (yes) {
      return;
    }
    err.print("Type the node name (" + node + ") to confirm, anything else to cancel: ");
    err.flush();
    String answer;
    try {
      answer = readLine();
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null) {
      throw new CliException(
          ExitCode.REFUSED, "not confirmed (no answer on standard input); give --yes in scripts");
    }
    if (!answer.strip().equals(node)) {
      throw new CliException(ExitCode.REFUSED, "not confirmed; nothing was done");
    }
  }

  private static String readLine() throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (b.length() >= MAX_ANSWER) {
        return "";
      }
      b.append((char) c);
    }
    return c == -1 && b.length() == 0 ? null : b.toString();
  }
}
