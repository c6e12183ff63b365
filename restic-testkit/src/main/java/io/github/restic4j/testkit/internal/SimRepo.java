package io.github.restic4j.testkit.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/** A simulated repository: keys, snapshots and locks, all in memory. Guard with its monitor. */
public final class SimRepo {

  final String location;
  final String id = hex64();
  final String chunkerPolynomial = "2afe997e0093b3";
  final List<Key> keys = new ArrayList<>();
  final List<Snap> snapshots = new ArrayList<>();
  final List<Lock> locks = new ArrayList<>();

  /** Set by the damaged-index fault: the index files are gone until {@code repair index}. */
  boolean indexLost;

  SimRepo(String location) {
    this.location = location;
  }

  /**
   * Adds a key.
   *
   * @param password its password
   * @param user user name
   * @param host host name
   * @param created creation time
   */
  public synchronized void addKey(String password, String user, String host, Instant created) {
    keys.add(new Key(hex64(), password, user, host, created));
  }

  /**
   * Replaces every key's password.
   *
   * @param password the new password
   */
  public synchronized void setPassword(String password) {
    List<Key> old = new ArrayList<>(keys);
    keys.clear();
    for (Key k : old) {
      keys.add(new Key(k.id, password, k.user, k.host, k.created));
    }
  }

  /**
   * Marks the index files as deleted ({@code rm repo/index/*}) until {@code repair index} or {@code
   * rebuild-index} rebuilds them.
   */
  public synchronized void loseIndex() {
    indexLost = true;
  }

  /**
   * Number of snapshots.
   *
   * @return the count
   */
  public synchronized int snapshotCount() {
    return snapshots.size();
  }

  /**
   * IDs of the lock files.
   *
   * @return the IDs
   */
  public synchronized List<String> lockIds() {
    List<String> ids = new ArrayList<>();
    for (Lock l : locks) {
      ids.add(l.id);
    }
    return ids;
  }

  static String hex64() {
    StringBuilder sb = new StringBuilder(64);
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int i = 0; i < 64; i++) {
      sb.append(Character.forDigit(r.nextInt(16), 16));
    }
    return sb.toString();
  }

  /** A key. */
  static final class Key {
    final String id;
    final String password;
    final String user;
    final String host;
    final Instant created;

    Key(String id, String password, String user, String host, Instant created) {
      this.id = id;
      this.password = password;
      this.user = user;
      this.host = host;
      this.created = created;
    }
  }

  /** A lock file. */
  static final class Lock {
    final String id = hex64();
    final Instant time;
    final boolean exclusive;
    final String hostname;
    final String username;
    final long pid;
    final long uid;
    final long gid;
    final boolean corrupt;
    final BooleanSupplier processAlive;

    Lock(
        Instant time,
        boolean exclusive,
        String hostname,
        String username,
        long pid,
        long uid,
        long gid,
        boolean corrupt,
        BooleanSupplier processAlive) {
      this.time = time;
      this.exclusive = exclusive;
      this.hostname = hostname;
      this.username = username;
      this.pid = pid;
      this.uid = uid;
      this.gid = gid;
      this.corrupt = corrupt;
      this.processAlive = processAlive;
    }
  }

  /** A file system entry in a snapshot. */
  static final class Node {
    final String path;
    final String type;
    final byte[] content;
    final int mode;
    final Instant mtime;
    final String linkTarget;

    Node(String path, String type, byte[] content, int mode, Instant mtime, String linkTarget) {
      this.path = path;
      this.type = type;
      this.content = content;
      this.mode = mode;
      this.mtime = mtime;
      this.linkTarget = linkTarget;
    }

    String name() {
      int i = path.lastIndexOf('/');
      return path.substring(i + 1);
    }

    long size() {
      return content == null ? 0 : content.length;
    }
  }

  /** A snapshot. */
  static final class Snap {
    String id = hex64();
    Instant time;
    String parent;
    String tree = hex64();
    List<String> paths = List.of();
    String hostname;
    String username;
    long uid;
    long gid;
    List<String> tags = List.of();
    String original;
    String programVersion;
    Instant backupStart;
    Instant backupEnd;
    long[] counts = new long[12];
    SortedMap<String, Node> nodes = new TreeMap<>();

    Snap copy() {
      Snap s = new Snap();
      s.time = time;
      s.parent = parent;
      s.tree = tree;
      s.paths = paths;
      s.hostname = hostname;
      s.username = username;
      s.uid = uid;
      s.gid = gid;
      s.tags = tags;
      s.original = original;
      s.programVersion = programVersion;
      s.backupStart = backupStart;
      s.backupEnd = backupEnd;
      s.counts = counts.clone();
      s.nodes = nodes;
      return s;
    }

    String shortId() {
      return id.substring(0, 8);
    }
  }
}
