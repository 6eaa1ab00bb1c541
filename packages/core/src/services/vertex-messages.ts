import type { GeneratorError } from '../ports/video-generator.js';

/** Turns a refused start into words a Discord user understands (no stack, no internals). */
export function friendlyVertexError(error: GeneratorError): string {
  const detail = error.message.replace(/\s+/g, ' ').trim().slice(0, 300);
  switch (error.kind) {
    case 'rejected':
      return `Vertex AI refused this request: ${detail}`;
    case 'quota':
      return 'Vertex AI is busy right now (quota exhausted). Please try again in a few minutes.';
    case 'transient':
      return 'Vertex AI had a temporary problem. Please try again.';
    case 'unknown-outcome':
      return detail;
  }
}
