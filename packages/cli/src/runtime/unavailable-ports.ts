import type { Notifier, VideoGenerator, VideoStore } from '@veo-bot/core';

/**
 * Stand-ins for the Google and Discord ports in commands that only read the plan
 * (`resume --dry-run`, `resume` with DISABLE_TASK_RESUME): such a core never generates or
 * posts, so it must not demand Google or Discord settings. Any call is a bug and throws.
 */
function unavailable(what: string): never {
  throw new Error(`${what} is not available in this command`);
}

export const UNAVAILABLE_GENERATOR: VideoGenerator = {
  outputPrefix: () => unavailable('Vertex AI'),
  start: async () => unavailable('Vertex AI'),
  poll: async () => unavailable('Vertex AI'),
};

export const UNAVAILABLE_STORE: VideoStore = {
  describe: async () => unavailable('Cloud Storage'),
  list: async () => unavailable('Cloud Storage'),
  read: () => unavailable('Cloud Storage'),
  link: async () => unavailable('Cloud Storage'),
  delete: async () => unavailable('Cloud Storage'),
  deletePrefix: async () => unavailable('Cloud Storage'),
};

export const UNAVAILABLE_NOTIFIER: Notifier = {
  checkAccess: async () => unavailable('Discord'),
  progress: async () => unavailable('Discord'),
  completed: async () => unavailable('Discord'),
  failed: async () => unavailable('Discord'),
};
