// Reading README.md's shell blocks, and running one command line the way a user types it.
import { spawn } from 'node:child_process';

/**
 * Every ```sh block of a Markdown text, with the `##` section and `###` subsection it is in and
 * the line it starts on. Blocks of other languages (ts, the diagrams) are not commands.
 */
export function shellBlocks(markdown) {
  const blocks = [];
  let section = '';
  let subsection = '';
  let open = null;
  markdown.split('\n').forEach((text, index) => {
    if (open) {
      if (text.startsWith('```')) {
        blocks.push(open);
        open = null;
      } else open.lines.push(text);
      return;
    }
    if (text.startsWith('## ')) [section, subsection] = [text.slice(3).trim(), ''];
    else if (text.startsWith('### ')) subsection = text.slice(4).trim();
    else if (/^```(sh|bash|shell|console)\s*$/.test(text)) open = { section, subsection, line: index + 1, lines: [] };
  });
  if (open) throw new Error(`README.md:${open.line}: unterminated code block`);
  return blocks;
}

/**
 * The command lines of a block: comments and blank lines dropped, each with the exit code its
 * comment promises ("→ exit 1" in the comment), 0 otherwise.
 */
export function commandLines(block) {
  return block.lines.flatMap((text, i) => {
    const hash = text.search(/\s#\s|^#/);
    const command = (hash >= 0 ? text.slice(0, hash) : text).trim();
    if (!command) return [];
    const comment = hash >= 0 ? text.slice(hash) : '';
    const promised = /→ exit (\d)/.exec(comment);
    return [{ command, text, line: block.line + 1 + i, expectedExit: promised ? Number(promised[1]) : 0 }];
  });
}

/**
 * Runs `script` with bash (errexit, pipefail) and resolves with its exit code and output; output
 * is also streamed to this process's stderr with a prefix, so CI logs show what ran. The
 * returned promise carries the bash process as `.child`.
 */
export function runBash(script, { cwd, env, prefix = '  │ ', timeoutMs = 30 * 60_000 } = {}) {
  let child;
  const done = new Promise((resolve) => {
    // Its own process group, so a timeout (or the caller, through killGroup) ends everything it started.
    child = spawn('bash', ['-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    const relay = (chunk) => process.stderr.write(chunk.toString().replace(/^(?=.)/gm, prefix));
    child.stdout.on('data', (d) => ((stdout += d), relay(d)));
    child.stderr.on('data', (d) => ((stderr += d), relay(d)));
    const timer = setTimeout(() => killGroup(child), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
  /** The bash process (after `exec cmd`, the command itself). */
  done.child = child;
  return done;
}

/** SIGKILLs the process group of a `runBash` child (no-op once it is gone). */
export function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
