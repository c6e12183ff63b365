package io.github.restic4j.testkit.internal;

/** Generates the bash client that stands in for the restic binary. */
public final class ClientScript {

  private ClientScript() {}

  /**
   * The script text.
   *
   * @param port the JVM's loopback port
   * @param token the per-fake secret
   * @return the bash script
   */
  public static String render(int port, String token) {
    return TEMPLATE.replace("@PORT@", Integer.toString(port)).replace("@TOKEN@", token);
  }

  private static final String TEMPLATE =
      "#!/usr/bin/env bash\n"
          + "# restic4j FakeRestic client: forwards this call to the test JVM over loopback.\n"
          + "# Protocol: see restic-testkit/README.md. Generated; do not edit.\n"
          + "{ exec 3<>/dev/tcp/127.0.0.1/@PORT@; } 2>/dev/null || {\n"
          + "  echo 'restic4j FakeRestic: the test JVM is not reachable (fake closed?)' >&2; exit 70; }\n"
          + "__e=()\n"
          + "if [[ -r /proc/$$/environ ]]; then\n"
          + "  while IFS= read -r -d '' __kv; do __e+=(\"$__kv\"); done < /proc/$$/environ\n"
          + "else\n"
          + "  for __n in $(compgen -e); do __e+=(\"$__n=${!__n}\"); done\n"
          + "fi\n"
          + "__o=()\n"
          + "for __kv in \"${__e[@]}\"; do\n"
          + "  case \"$__kv\" in RESTIC_*=*) __o+=(\"$__kv\") ;; *) __o+=(\"${__kv%%=*}\") ;; esac\n"
          + "done\n"
          + "{\n"
          + "  printf '%s\\n' '@TOKEN@' R \"$$\" \"$PWD\" \"$#\"\n"
          + "  if (( $# )); then printf '%s\\0' \"$@\"; fi\n"
          + "  printf '%s\\n' \"${#__o[@]}\"\n"
          + "  if (( ${#__o[@]} )); then printf '%s\\0' \"${__o[@]}\"; fi\n"
          + "} >&3\n"
          + "trap 'printf \"sINT\\n\" >&3' INT\n"
          + "trap 'printf \"sTERM\\n\" >&3' TERM\n"
          + "trap '' HUP\n"
          + "while :; do\n"
          + "  IFS= read -r __l <&3; __rc=$?\n"
          + "  if (( __rc > 128 )); then continue; fi\n"
          + "  if (( __rc != 0 )) && [[ -z \"$__l\" ]]; then exit 70; fi\n"
          + "  case \"${__l:0:1}\" in\n"
          + "    o) printf '%s\\n' \"${__l:1}\" ;;\n"
          + "    e) printf '%s\\n' \"${__l:1}\" >&2 ;;\n"
          + "    b) printf '%s' \"${__l:1}\" | base64 -d ;;\n"
          + "    B) printf '%s' \"${__l:1}\" | base64 -d >&2 ;;\n"
          + "    x) exit \"${__l:1}\" ;;\n"
          + "    t) trap - TERM; kill -TERM $$; sleep 1; exit 143 ;;\n"
          + "    k) kill -KILL $$ ;;\n"
          + "    i) if { exec 4<>/dev/tcp/127.0.0.1/@PORT@; } 2>/dev/null; then\n"
          + "         printf '%s\\n' '@TOKEN@' \"I${__l:1}\" >&4; cat >&4; exec 4>&-; fi ;;\n"
          + "  esac\n"
          + "done\n";
}
