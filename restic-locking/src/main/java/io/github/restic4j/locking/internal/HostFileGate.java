package io.github.restic4j.locking.internal;

import io.github.restic4j.core.LockMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cross-process gate on one host: an OS file lock per repository key in a folder. Shared operations
 * take a shared file lock, exclusive ones an exclusive lock. Within this JVM the file lock is
 * reference-counted (the JVM may hold one lock per file): callers must already hold the in-JVM
 * {@link io.github.restic4j.locking.RepositoryGate} in the same mode, so an exclusive file lock is
 * only requested when no other thread of this JVM holds one.
 */
public final class HostFileGate {

  private final Path folder;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  private static final class Entry {
    final Path file;
    FileChannel channel;
    FileLock lock;
    boolean shared;
    int count;

    Entry(Path file) {
      this.file = file;
    }
  }

  /**
   * Creates a gate in a folder (created if missing).
   *
   * @param folder where the lock files live
   */
  public HostFileGate(Path folder) {
    this.folder = folder;
  }

  /**
   * The lock file used for a key.
   *
   * @param key the repository key
   * @return the path
   */
  public Path fileFor(String key) {
    return folder.resolve("restic4j-" + sha256(key).substring(0, 32) + ".lock");
  }

  /**
   * Tries once to take the file lock.
   *
   * @param key the repository key
   * @param mode shared or exclusive ({@link LockMode#NONE} always succeeds)
   * @return a release action, or empty if another process holds a conflicting lock
   * @throws UncheckedIOException if the lock file cannot be opened
   */
  public Optional<Runnable> tryAcquire(String key, LockMode mode) {
    if (mode == LockMode.NONE) {
      return Optional.of(() -> {});
    }
    boolean shared = mode == LockMode.SHARED;
    Entry e = entries.computeIfAbsent(key, k -> new Entry(fileFor(k)));
    synchronized (e) {
      if (e.lock != null) {
        if (shared && e.shared) {
          e.count++;
          return Optional.of(once(e));
        }
        return Optional.empty();
      }
      try {
        if (e.channel == null || !e.channel.isOpen()) {
          Files.createDirectories(folder);
          e.channel =
              FileChannel.open(
                  e.file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE);
        }
        FileLock l = e.channel.tryLock(0, Long.MAX_VALUE, shared);
        if (l == null) {
          return Optional.empty();
        }
        e.lock = l;
        e.shared = shared;
        e.count = 1;
        return Optional.of(once(e));
      } catch (OverlappingFileLockException x) {
        return Optional.empty();
      } catch (IOException x) {
        throw new UncheckedIOException("cannot lock " + e.file, x);
      }
    }
  }

  private static Runnable once(Entry e) {
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        release(e);
      }
    };
  }

  private static void release(Entry e) {
    synchronized (e) {
      if (e.count <= 0) {
        return;
      }
      e.count--;
      if (e.count == 0 && e.lock != null) {
        try {
          e.lock.release();
        } catch (IOException x) {
          // the channel stays open; closing it releases the lock for certain
          try {
            e.channel.close();
          } catch (IOException ignored) {
            // nothing left to do
          }
        }
        e.lock = null;
      }
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
