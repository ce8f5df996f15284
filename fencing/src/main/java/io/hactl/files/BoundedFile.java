package io.hactl.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a small text file that hactl does not trust: only a regular file (a FIFO, a device or a
 * directory is refused before it is opened), at most a given number of bytes (checked on the size
 * before reading, and again while reading, in case the file grows), within a deadline (a file on a
 * hung NFS server fails instead of hanging the caller), and UTF-8 only. For secrets, the file must
 * also be readable by its owner alone. Errors are {@link IOException}s whose message names the file
 * and the limit or rule it broke; they never contain the file's content. Stateless.
 */
public final class BoundedFile {
  private static final Set<PosixFilePermission> GROUP_OR_OTHER =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private BoundedFile() {}

  /**
   * The UTF-8 text of {@code file}, refused when it is not a regular file, larger than {@code
   * maxBytes}, not UTF-8, or not read within {@code timeout}.
   */
  public static String read(Path file, long maxBytes, Duration timeout) throws IOException {
    return read(file, maxBytes, timeout, false);
  }

  /**
   * Like {@link #read}, and refused as well when the group or others have any access to the file (a
   * secret must be mode 0600 or 0400): {@code chmod 600 FILE} is the fix.
   */
  public static String readSecret(Path file, long maxBytes, Duration timeout) throws IOException {
    return read(file, maxBytes, timeout, true);
  }

  private static String read(Path file, long maxBytes, Duration timeout, boolean secret)
      throws IOException {
    FutureTask<String> task = new FutureTask<>(() -> checkedRead(file, maxBytes, secret));
    Thread reader = new Thread(task, "read-" + file.getFileName());
    reader.setDaemon(true);
    reader.start();
    try {
      return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      reader.interrupt();
      throw new IOException(
          file + ": not read within " + timeout.toMillis() + " ms (hung file system?)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reader.interrupt();
      throw new IOException(file + ": interrupted while reading");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(file + ": cannot read the file: " + e.getCause());
    }
  }

  private static String checkedRead(Path file, long maxBytes, boolean secret) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException(file + ": cannot read the file: it does not exist");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new IOException(file + ": cannot read the file: permission denied");
    }
    if (!attributes.isRegularFile()) {
      throw new IOException(
          file
              + ": cannot read the file: not a regular file ("
              + kind(attributes)
              + "); give a regular file of at most "
              + describe(maxBytes));
    }
    if (attributes.size() > maxBytes) {
      throw tooLarge(file, maxBytes, attributes.size() + " bytes");
    }
    if (secret) {
      checkOwnerOnly(file);
    }
    byte[] data;
    try (InputStream in = Files.newInputStream(file)) {
      data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    } catch (java.nio.file.AccessDeniedException e) {
      throw new IOException(file + ": cannot read the file: permission denied");
    }
    if (data.length > maxBytes) {
      throw tooLarge(file, maxBytes, "more than that (it grew while read)");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IOException(file + ": cannot read the file: it is not UTF-8 text");
    }
  }

  private static void checkOwnerOnly(Path file) throws IOException {
    PosixFileAttributes posix = Files.readAttributes(file, PosixFileAttributes.class);
    if (posix.permissions().stream().anyMatch(GROUP_OR_OTHER::contains)) {
      throw new IOException(
          file
              + ": a secret file must be readable by its owner only (mode "
              + java.nio.file.attribute.PosixFilePermissions.toString(posix.permissions())
              + "); run chmod 600 "
              + file);
    }
  }

  private static IOException tooLarge(Path file, long maxBytes, String actual) {
    return new IOException(
        file + ": too large (" + actual + "); the limit is " + describe(maxBytes));
  }

  /** {@code 1048576} as "1 MiB (1048576 bytes)", for messages. */
  public static String describe(long bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB (" + bytes + " bytes)";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return bytes / 1024 + " KiB (" + bytes + " bytes)";
    }
    return bytes + " bytes";
  }

  private static String kind(BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a directory";
    }
    return a.isOther() ? "a FIFO, socket or device" : "not a file";
  }
}
