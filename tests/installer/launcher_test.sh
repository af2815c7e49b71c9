#!/usr/bin/env bash
# The family's « Vérifier ma connexion » launcher (installer/desktop): which
# terminal it opens and how large, what runs inside, that the window stays
# open on the result in the family's language; its menu entry checked by
# desktop-file-validate. Fake terminals and a fake agent record what they get.
# Usage: launcher_test.sh INSTALLER_DIR
set -euo pipefail
desktop=$(realpath "${1:?usage: launcher_test.sh INSTALLER_DIR}")/desktop
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
check() {  # description, then a command that must succeed
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $what"; fi
}

# A PATH of fakes: the launcher itself, an agent whose check fails at D2, and
# the terminals asked for, each recording its arguments then running the
# command it was given, as a terminal would.
fakes() {  # terminal names...
  local bin=$tmp/bin
  rm -rf "$bin"
  mkdir -p "$bin"
  cp "$desktop/clicfleet-check-connection" "$bin/"
  printf '#!/bin/sh\necho "Code pour l assistance : D2-7KQ4-M"\nexit 1\n' >"$bin/clicfleet-agent"
  for terminal in "$@"; do
    cat >"$bin/$terminal" <<FAKE
#!/bin/bash
echo "\$0 \$*" >"$tmp/terminal-args"
while [[ \$# -gt 0 && \$1 != -- && \$1 != -x && \$1 != -e ]]; do shift; done
shift
exec "\$@"
FAKE
  done
  chmod +x "$bin"/*
  echo "$bin"
}
run() {  # language, terminals...
  local language=$1; shift
  local bin
  bin=$(fakes "$@")
  rm -f "$tmp/terminal-args"
  echo | env -i PATH="$bin:/usr/bin:/bin" LANG="$language" "$bin/clicfleet-check-connection" 2>&1
}

out=$(run fr_FR.UTF-8 xterm)
check "xterm opens in a large font" grep -q -- "-fa Monospace -fs 16" "$tmp/terminal-args"
check "titled in French" grep -q -- "-title Vérifier ma connexion" "$tmp/terminal-args"
check "the check runs inside: $out" grep -q "D2-7KQ4-M" <<<"$out"
check "and the window waits, in French" grep -q "Appuyez sur Entrée pour fermer cette fenêtre." <<<"$out"

out=$(run en_GB.UTF-8 xterm gnome-terminal)
check "GNOME's terminal comes first, zoomed" grep -q "gnome-terminal --zoom=1.6 -- " "$tmp/terminal-args"
check "the window waits, in English" grep -q "Press Enter to close this window." <<<"$out"

out=$(run fr_FR.UTF-8 xfce4-terminal)
check "Xfce's terminal, zoomed" grep -q "xfce4-terminal --title=Vérifier ma connexion --zoom=2 -x" "$tmp/terminal-args"

out=$(run fr_FR.UTF-8)
check "without a terminal to open, the check runs here" grep -q "D2-7KQ4-M" <<<"$out"
check "no terminal was started" test ! -e "$tmp/terminal-args"

if command -v desktop-file-validate >/dev/null; then
  check "the menu entry is valid" desktop-file-validate "$desktop/clicfleet-check-connection.desktop"
else
  echo "launcher_test: desktop-file-validate not found (package desktop-file-utils)"
  failed=$((failed + 1))
fi
check "its name in French" grep -q "^Name\[fr\]=Vérifier ma connexion$" "$desktop/clicfleet-check-connection.desktop"

echo "launcher_test: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
