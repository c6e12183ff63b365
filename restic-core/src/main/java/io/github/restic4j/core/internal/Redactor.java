package io.github.restic4j.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks known secret values (and URL credentials) in text before it is logged or shown. */
public final class Redactor {

  /** The mask that replaces secrets. */
  public static final String MASK = "******";

  private static final Pattern URL_CREDENTIALS = Pattern.compile("(://[^:/@\\s]*:)([^/\\s]+)@");
  private static final int MIN_SECRET_LENGTH = 3;

  private final List<String> secrets;

  /**
   * Creates a redactor for the given secret values; values shorter than 3 characters are not
   * searched for (they would mangle ordinary text), but URL credentials always are.
   *
   * @param secretValues secret values
   */
  public Redactor(Collection<String> secretValues) {
    List<String> s = new ArrayList<>();
    for (String v : secretValues) {
      if (v != null && v.length() >= MIN_SECRET_LENGTH) {
        s.add(v);
        s.addAll(urlPasswords(v));
      }
    }
    s.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(s);
  }

  /**
   * The passwords embedded in URLs of the form {@code scheme://user:password@host}.
   *
   * @param text a location or other text
   * @return the passwords found (at least 3 characters long)
   */
  public static List<String> urlPasswords(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = URL_CREDENTIALS.matcher(text);
    while (m.find()) {
      if (m.group(2).length() >= MIN_SECRET_LENGTH) {
        out.add(m.group(2));
      }
    }
    return out;
  }

  /**
   * Masks every secret and every {@code user:password@} URL credential in the text.
   *
   * @param text any text
   * @return the text with secrets replaced by {@value #MASK}
   */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    // Mark every character covered by any occurrence of any secret in the original text first,
    // then mask each covered run once: replacing secret by secret would let a shorter secret that
    // overlaps a longer one (or straddles its end) survive in part.
    boolean[] covered = null;
    for (String s : secrets) {
      int from = text.indexOf(s);
      while (from >= 0) {
        if (covered == null) {
          covered = new boolean[text.length()];
        }
        Arrays.fill(covered, from, from + s.length(), true);
        from = text.indexOf(s, from + 1);
      }
    }
    String r = text;
    if (covered != null) {
      StringBuilder sb = new StringBuilder(text.length());
      int i = 0;
      while (i < text.length()) {
        if (covered[i]) {
          sb.append(MASK);
          while (i < text.length() && covered[i]) {
            i++;
          }
        } else {
          sb.append(text.charAt(i++));
        }
      }
      r = sb.toString();
    }
    if (r.indexOf("://") < 0) {
      return r; // no URL, no URL credentials: skip the regex (this runs for every output line)
    }
    return URL_CREDENTIALS
        .matcher(r)
        .replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + MASK + "@");
  }

  /**
   * Masks secrets in every element.
   *
   * @param items texts
   * @return redacted copies
   */
  public List<String> redact(List<String> items) {
    List<String> out = new ArrayList<>(items.size());
    for (String i : items) {
      out.add(redact(i));
    }
    return out;
  }
}
