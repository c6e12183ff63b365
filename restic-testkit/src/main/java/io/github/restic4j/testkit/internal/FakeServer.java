package io.github.restic4j.testkit.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The JVM end of the fake: a loopback server that accepts the client script's connections, checks
 * the secret, decodes the call and hands it to a handler on its own thread.
 */
public final class FakeServer implements AutoCloseable {

  private static final int MAX_FIELD = 16 * 1024 * 1024;

  private final ServerSocket server;
  private final byte[] token;
  private final Consumer<Call> handler;
  private final ExecutorService threads;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<byte[]>> stdins = new ConcurrentHashMap<>();
  private final Set<Call> active = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Opens the server on 127.0.0.1 and an ephemeral port.
   *
   * @param token the secret every client must send first
   * @param handler answers one call; runs on a dedicated thread
   * @throws IOException if the socket cannot be opened
   */
  public FakeServer(String token, Consumer<Call> handler) throws IOException {
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.token = token.getBytes(StandardCharsets.US_ASCII);
    this.handler = handler;
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "restic4j-fake-" + server.getLocalPort());
              t.setDaemon(true);
              return t;
            });
    threads.execute(this::acceptLoop);
  }

  /**
   * The port clients connect to.
   *
   * @return the port
   */
  public int port() {
    return server.getLocalPort();
  }

  /**
   * Calls still being answered.
   *
   * @return a snapshot of the active calls
   */
  public List<Call> activeCalls() {
    return new ArrayList<>(active);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        threads.execute(() -> serve(s));
      } catch (IOException e) {
        if (closed) {
          return;
        }
      } catch (RuntimeException e) {
        // executor shut down while closing
        return;
      }
    }
  }

  private void serve(Socket s) {
    Call call = null;
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout(10_000);
      InputStream in = new BufferedInputStream(s.getInputStream());
      String sent = readUntil(in, '\n');
      if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.US_ASCII), token)) {
        s.close();
        return;
      }
      String kind = readUntil(in, '\n');
      if (kind != null && kind.startsWith("I")) {
        receiveStdin(Long.parseLong(kind.substring(1)), in, s);
        return;
      }
      if (!"R".equals(kind)) {
        s.close();
        return;
      }
      long pid = Long.parseLong(readUntil(in, '\n'));
      Path cwd = Path.of(readUntil(in, '\n'));
      int argc = Integer.parseInt(readUntil(in, '\n'));
      List<String> args = new ArrayList<>(argc);
      for (int i = 0; i < argc; i++) {
        args.add(readUntil(in, '\0'));
      }
      int envc = Integer.parseInt(readUntil(in, '\n'));
      Map<String, String> restic = new LinkedHashMap<>();
      Set<String> names = new LinkedHashSet<>();
      for (int i = 0; i < envc; i++) {
        String kv = readUntil(in, '\0');
        int eq = kv.indexOf('=');
        if (eq >= 0) {
          restic.put(kv.substring(0, eq), kv.substring(eq + 1));
          names.add(kv.substring(0, eq));
        } else {
          names.add(kv);
        }
      }
      s.setSoTimeout(0);
      OutputStream out = new BufferedOutputStream(s.getOutputStream());
      Call c = new Call(ids.incrementAndGet(), pid, cwd, args, restic, names, s, out, this);
      call = c;
      active.add(c);
      threads.execute(() -> pumpSignals(c, in));
      try {
        handler.accept(c);
      } catch (RuntimeException | Error e) {
        c.err("restic4j FakeRestic internal error: " + e);
        c.exit(2);
      }
      if (!c.finished()) {
        c.exit(0);
      }
    } catch (IOException | RuntimeException e) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    } finally {
      if (call != null) {
        active.remove(call);
      }
    }
  }

  private static void pumpSignals(Call c, InputStream in) {
    try {
      String line;
      while ((line = readUntil(in, '\n')) != null) {
        if (line.startsWith("s")) {
          c.signal(line.substring(1));
        }
      }
    } catch (IOException | RuntimeException e) {
      // connection ended
    }
    c.markGone();
  }

  private void receiveStdin(long callId, InputStream in, Socket s) throws IOException {
    try (s) {
      s.setSoTimeout(0);
      byte[] data = in.readAllBytes();
      CompletableFuture<byte[]> f = stdins.get(callId);
      if (f != null) {
        f.complete(data);
      }
    }
  }

  CompletableFuture<byte[]> expectStdin(long callId) {
    return stdins.computeIfAbsent(callId, k -> new CompletableFuture<>());
  }

  void forgetStdin(long callId) {
    stdins.remove(callId);
  }

  private static String readUntil(InputStream in, char end) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    while (true) {
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException e) {
        throw new IOException("client too slow", e);
      }
      if (b < 0) {
        return buf.size() == 0 && end == '\n' ? null : buf.toString(StandardCharsets.UTF_8);
      }
      if (b == end) {
        return buf.toString(StandardCharsets.UTF_8);
      }
      if (buf.size() >= MAX_FIELD) {
        throw new IOException("field too long");
      }
      buf.write(b);
    }
  }

  /** Stops accepting, disconnects every client (they exit 70) and ends all threads. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Call c : active) {
      c.close();
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
