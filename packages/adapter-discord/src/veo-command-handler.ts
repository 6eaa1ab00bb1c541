import type { ChatInputCommandInteraction, ModalSubmitInteraction } from 'discord.js';
import { promptModalCustomId, parsePromptModalCustomId } from './custom-ids.js';
import { replyEphemeral } from './interaction-replies.js';
import { FORM_EXPIRED, PENDING_PROMPT, promptModal, readPromptFields } from './prompt-modal.js';
import type { HandlerDeps } from './veo-handlers.js';
import { readVeoOptions } from './veo-command.js';
import { plainAttachments, readVeoAttachments } from './veo-images.js';
import { invalidOptionsText } from './veo-replies.js';
import { localIssues, submitVeo } from './veo-submit.js';

/**
 * `/veo`. With a prompt: the submit path (`submitVeo`). Without one: the other options and the
 * image's description are checked first (a refusal is ephemeral and no form opens), then they
 * are kept as a draft and the answer is a modal asking for the prompt (`veo:prompt:<draftId>`);
 * its submit goes through the same submit path. Without a draft store the missing prompt is
 * refused as before.
 */
export async function handleVeoCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const options = readVeoOptions(interaction);
  const attachments = readVeoAttachments(interaction);
  if (interaction.options.get('prompt') !== null || !deps.drafts) {
    await submitVeo(interaction, options, attachments, deps);
    return;
  }
  const issues = localIssues({ ...options, prompt: PENDING_PROMPT }, attachments, deps);
  if (issues.length > 0) {
    await replyEphemeral(interaction, invalidOptionsText(issues));
    return;
  }
  // The modal asks for both prompts (the negative one pre-filled with what was given).
  const { prompt: _prompt, negativePrompt, ...rest } = options;
  const draftId = deps.drafts.put({ userId: interaction.user.id, options: rest, attachments: plainAttachments(attachments) });
  const given = typeof negativePrompt === 'string' ? { negativePrompt } : {};
  await interaction.showModal(promptModal({ customId: promptModalCustomId(draftId), title: 'Your video', promptLabel: 'Prompt', promptDescription: 'What the video should show', ...given }));
}

/**
 * The submit of `/veo`'s prompt modal: the draft is taken (once; only by the user who ran
 * `/veo`) and submitted with the typed prompt through the same path as a `/veo` with a prompt.
 * An unknown, expired or someone else's draft gets "This form has expired" and nothing else.
 */
export async function handlePromptModal(interaction: ModalSubmitInteraction, deps: HandlerDeps): Promise<void> {
  const draftId = parsePromptModalCustomId(interaction.customId);
  const draft = draftId ? deps.drafts?.take(draftId, interaction.user.id) : null;
  if (!draft) {
    await replyEphemeral(interaction, FORM_EXPIRED);
    return;
  }
  const { prompt, negativePrompt } = readPromptFields(interaction);
  await submitVeo(interaction, { ...draft.options, prompt, negativePrompt }, draft.attachments, deps);
}
