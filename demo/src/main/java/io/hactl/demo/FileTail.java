package io.hactl.demo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the lines appended to a growing text file since the last call, complete lines only (a line
 * still being written is left for the next call). Not thread-safe: one reader polls it. It assumes
 * the file only grows.
 */
final class FileTail {
  private final Path file;
  private long offset;

  FileTail(Path file) {
    this.file = file;
  }

  /** New complete lines, without their line breaks; empty if none or the file is missing. */
  List<String> next() {
    List<String> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long size = f.length();
      if (size <= offset) {
        return out;
      }
      byte[] buf = new byte[(int) Math.min(size - offset, 1 << 20)];
      f.seek(offset);
      f.readFully(buf);
      int start = 0;
      for (int i = 0; i < buf.length; i++) {
        if (buf[i] == '\n') {
          out.add(new String(buf, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      offset += start;
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** The complete lines of {@code file}: a ledger read while a scheduler may still append. */
  static List<String> completeLines(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : text.substring(0, end).lines().toList();
  }
}
