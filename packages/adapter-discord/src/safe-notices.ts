import type { CompletedNotice, FailedNotice, VideoRequest } from '@veo-bot/core';
import { againRow, failureText, onlyUser, requestFooter, retryRow, successorLabel, type MessageBody } from './message-builders.js';
import { DISCORD_LIMITS, fitContent, truncate } from './text-limits.js';

/** How much of the failure reason the minimal notice keeps. */
export const SAFE_REASON_LENGTH = 300;

/**
 * The last-resort failure notice, sent once when Discord refused the full one for its form
 * (400 / 50035 and friends): a short fixed text, the reason cut to about 300 characters, the
 * Retry button when the failure is retryable, and a footer-only embed naming the request (so a
 * restarted process still finds it). Nothing in it comes from upstream at full length.
 */
export function safeFailureBody(request: VideoRequest, notice: FailedNotice): MessageBody {
  const content = failureText(request, { ...notice, reason: truncate(notice.reason, SAFE_REASON_LENGTH) }, DISCORD_LIMITS.content);
  return {
    content,
    embeds: [{ footer: { text: requestFooter(request, notice.resumed) } }],
    components: notice.retryable ? [retryRow(request.id, false, successorLabel(request))] : [],
    allowed_mentions: onlyUser(request.userId),
  };
}

/** The last-resort completion notice: the mention and the video's link, the Again button, the footer. */
export function safeCompletionBody(request: VideoRequest, notice: CompletedNotice): MessageBody {
  return {
    content: fitContent(`<@${request.userId}> your video is ready: ${notice.video.link}`),
    embeds: [{ footer: { text: requestFooter(request, notice.resumed) } }],
    components: [againRow(request.id, false, successorLabel(request))],
    allowed_mentions: onlyUser(request.userId),
  };
}
