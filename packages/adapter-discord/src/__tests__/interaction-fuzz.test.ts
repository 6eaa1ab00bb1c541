import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_LIMITS, isAcceptedImageType, validateGenerationOptions, type RawGenerationOptions } from '@veo-bot/core';
import { aTestImage, MemoryLogger } from '@veo-bot/core/testing';
import { DiscordBot } from '../discord-bot.js';
import { isRequestId, parseHistoryCustomId } from '../custom-ids.js';
import { MAX_HISTORY_PAGE } from '../history-command.js';
import type { VeoHandlers } from '../veo-handlers.js';
import { FakeDiscord, type FakeAttachmentInit, type FakeChannel, type FakeInteraction } from '../testing/index.js';
import { policy } from './support/bot-harness.js';
import { inBatches, Prng } from './support/fuzz.js';

/**
 * Seeded fuzzing of the interaction router through a real discord.js client and the strict fake:
 * random and adversarial slash command options, attachments and button custom ids, and the
 * modals they open (a `/veo` without a prompt, Extend) submitted with random prompts or a stale
 * or forged `custom_id`. Every case (and every modal submit after it)
 * must end in exactly one answer, no unhandled rejection, no handler call with invalid data, and
 * a handler call exactly when the input was valid. FUZZ_SEED replays a run; a failure names the
 * seed of its case.
 */
const BASE_SEED = Number(process.env['FUZZ_SEED'] ?? 20261201);
const COMMAND_CASES = 1500;
const BUTTON_CASES = 1500;
const MIB = 1024 * 1024;
/** Each case acts as its own user, so concurrent cases' handler calls are told apart. */
const userOf = (seed: number): string => String(700_000_000_000_000_000n + BigInt(seed));

interface Case {
  readonly seed: number;
  readonly userId: string;
  readonly describe: string;
  readonly valid: boolean;
  readonly handler: 'submit' | 'retry' | 'again' | 'cancel' | 'history' | 'extendCheck' | 'extend' | null;
  /** The bot must answer with a modal (callback type 9); `afterModal` then submits it. */
  readonly expectModal?: boolean;
  afterModal?(shown: FakeInteraction): Case;
  inject(): FakeInteraction;
}

/** Handlers at the core boundary: they record each call and what was wrong with its input. */
class RecordingHandlers implements VeoHandlers {
  readonly calls: { kind: string; userId: string; problem: string | null }[] = [];
  private record(kind: string, userId: string, problem: string | null): void {
    this.calls.push({ kind, userId, problem });
  }
  async submit(input: Parameters<VeoHandlers['submit']>[0]) {
    const checked = validateGenerationOptions(input.options, policy);
    this.record('submit', input.userId, checked.ok ? null : `invalid options ${JSON.stringify(checked.issues)}`);
    return { ok: false as const, reason: 'rate-limited' as const, limit: 10, message: 'Slow down.', retryAt: new Date(Date.now() + 60_000) };
  }
  async retry(input: Parameters<VeoHandlers['retry']>[0]) {
    this.record('retry', input.userId, isRequestId(input.requestId) ? null : `bad id ${input.requestId}`);
    return { ok: false as const, reason: 'not-found' as const, message: 'No such request.' };
  }
  async again(input: Parameters<NonNullable<VeoHandlers['again']>>[0]) {
    this.record('again', input.userId, isRequestId(input.requestId) ? null : `bad id ${input.requestId}`);
    return { ok: false as const, reason: 'not-found' as const, message: 'No such request.' };
  }
  async cancel(input: Parameters<NonNullable<VeoHandlers['cancel']>>[0]) {
    this.record('cancel', input.userId, isRequestId(input.requestId) ? null : `bad id ${input.requestId}`);
    return { ok: false as const, reason: 'not-found' as const, message: 'That request no longer exists.' };
  }
  async extendCheck(input: Parameters<NonNullable<VeoHandlers['extendCheck']>>[0]) {
    this.record('extendCheck', input.userId, isRequestId(input.requestId) ? null : `bad id ${input.requestId}`);
    return { ok: true as const };
  }
  async extend(input: Parameters<NonNullable<VeoHandlers['extend']>>[0]) {
    this.record('extend', input.userId, isRequestId(input.requestId) && typeof input.prompt === 'string' ? null : `bad extend ${JSON.stringify(input)}`);
    return { ok: false as const, reason: 'not-found' as const, message: 'No such request.' };
  }
  async history(input: Parameters<NonNullable<VeoHandlers['history']>>[0]) {
    const fine = Number.isSafeInteger(input.offset) && input.offset >= 0 && input.offset < MAX_HISTORY_PAGE * 5 && input.limit === 5 && /^\d{1,20}$/.test(input.userId);
    this.record('history', input.userId, fine ? null : `bad page ${JSON.stringify(input)}`);
    return { ok: true as const, value: { items: [], total: 0 } };
  }
}

const OPTION_VALUES: Readonly<Record<string, (r: Prng) => string | number | boolean>> = {
  prompt: (r) => r.pick<() => string | number>([() => r.text(r.int(1, 60)), () => r.text(r.int(1900, 2100)), () => '', () => r.text(6000), () => 42])(),
  duration: (r) => r.pick<string | number | boolean>([4, 6, 8, 5, 0, -1, 7.5, 1e12, 'six', true]),
  aspect_ratio: (r) => r.pick<string | number>(['16:9', '9:16', '1:1', r.text(3000), 16]),
  resolution: (r) => r.pick<string | boolean>(['720p', '1080p', '4k', false]),
  audio: (r) => r.pick<string | boolean>([true, false, 'yes']),
  model: (r) => r.pick<string | number>([policy.defaultModel, 'veo-3.1-fast-generate-001', 'gpt-video', r.text(500), 3]),
  negative_prompt: (r) => r.pick<string | number>(['blur', r.text(5000), 1]),
  seed: (r) => r.pick<string | number>([0, 42, 4_294_967_295, 4_294_967_296, -5, 1.5, Number.MAX_SAFE_INTEGER, 'abc']),
  Prompt: (r) => r.text(10),
  unknown_option: (r) => r.text(20),
};

function imageCase(r: Prng): { init: FakeAttachmentInit | null; ok: boolean } {
  const kind = r.pick(['none', 'none', 'ok', 'gif', 'declared-huge', 'unresolved', 'no-type'] as const);
  if (kind === 'none') return { init: null, ok: true };
  const bytes = aTestImage('image/png', { sizeBytes: r.int(100, 4000) });
  if (kind === 'ok') return { init: { bytes, filename: r.chance(0.2) ? `${r.text(200)}.png` : 'frame.png', contentType: r.pick(['image/png', 'image/jpeg', 'image/webp']) }, ok: true };
  if (kind === 'gif') return { init: { bytes, filename: 'x.gif', contentType: 'image/gif' }, ok: false };
  if (kind === 'no-type') return { init: { bytes, contentType: '' }, ok: isAcceptedImageType('') };
  if (kind === 'declared-huge') return { init: { bytes, size: r.int(9, 500) * MIB }, ok: false };
  return { init: { bytes, unresolved: true }, ok: false };
}

function commandCase(seed: number, channel: FakeChannel, fake: FakeDiscord): Case {
  const r = new Prng(seed);
  const OWNER = userOf(seed);
  if (r.chance(0.15)) {
    const page = r.pick<number | string>([1, 2, 0, -3, 100_000, 100_001, 1e15, 2.5, 'two']);
    const valid = typeof page === 'number' && Number.isInteger(page) && page >= 1 && page <= MAX_HISTORY_PAGE;
    return { seed, userId: OWNER, describe: `/veo-history page:${String(page)}`, valid, handler: 'history', inject: () => fake.injectSlashCommand({ channelId: channel.id, userId: OWNER, commandName: 'veo-history', options: { page } }) };
  }
  const options: Record<string, string | number | boolean> = {};
  for (const [name, make] of Object.entries(OPTION_VALUES)) if (name === 'prompt' ? r.chance(0.95) : r.chance(0.3)) options[name] = make(r);
  const image = imageCase(r);
  const raw: RawGenerationOptions = {
    prompt: options['prompt'] ?? '',
    model: options['model'],
    durationSeconds: options['duration'],
    aspectRatio: options['aspect_ratio'],
    resolution: options['resolution'],
    generateAudio: options['audio'],
    negativePrompt: options['negative_prompt'],
    seed: options['seed'],
  };
  const imageOk = image.ok && (image.init?.size ?? 0) <= DEFAULT_IMAGE_LIMITS.maxBytes;
  // Without a prompt the form opens when everything else passes; its submit is then checked in full.
  const expectModal = !('prompt' in options) && validateGenerationOptions({ ...raw, prompt: 'x' }, policy).ok && imageOk;
  const valid = !expectModal && validateGenerationOptions(raw, policy).ok && imageOk;
  const describe = `/veo ${JSON.stringify(options).slice(0, 300)} image:${JSON.stringify(image.init ? { ...image.init, bytes: image.init.bytes.length } : null)}`;
  return {
    seed, userId: OWNER, describe, valid, handler: 'submit', expectModal,
    afterModal: (shown) => promptSubmitCase(r, seed, OWNER, raw, imageOk, shown, fake),
    inject: () => fake.injectSlashCommand({ channelId: channel.id, userId: OWNER, options, ...(image.init ? { attachments: { image: image.init } } : {}) }),
  };
}

/** A stale or forged `custom_id` for a modal submit, or null to keep the modal's own. */
function forgedModalId(r: Prng): string | null {
  if (!r.chance(0.2)) return null;
  return r.pick(['veo:prompt:AAAAAAAAAAAAAAAA', `veo:prompt:${r.text(16)}`, 'veo:prompt:', `veo:extendp:${r.uuid()}x`, 'veo:extendp:abc', 'veo:nope', 'other-bot:form', r.text(r.int(1, 90))]);
}

/** The submit of `/veo`'s prompt modal: random prompts (blank ones too), at times a stale or forged id. */
function promptSubmitCase(r: Prng, seed: number, owner: string, raw: RawGenerationOptions, imageOk: boolean, shown: FakeInteraction, fake: FakeDiscord): Case {
  const prompt = r.pick([r.text(r.int(1, 60)), '   ', '\n\t ', r.text(2000), 'a fox']);
  const negative = r.pick<string | undefined>([undefined, '', 'blur', '  ', r.text(r.int(1, 1000))]);
  const forged = forgedModalId(r);
  const values = { prompt, ...(negative === undefined ? {} : { negative_prompt: negative }) };
  const given = negative === undefined ? raw.negativePrompt : negative.trim() === '' ? undefined : negative;
  const valid = forged === null && imageOk && validateGenerationOptions({ ...raw, prompt, negativePrompt: given }, policy).ok;
  const describe = `prompt modal ${JSON.stringify(values).slice(0, 200)} id:${JSON.stringify(forged)}`;
  return { seed, userId: owner, describe, valid, handler: 'submit', inject: () => fake.injectModalSubmit({ from: shown, values, ...(forged === null ? {} : { customId: forged }) }) };
}

/** The submit of the Extend modal: any prompt reaches core (the authority), unless the id is forged. */
function extendSubmitCase(r: Prng, seed: number, owner: string, shown: FakeInteraction, fake: FakeDiscord): Case {
  const forged = forgedModalId(r);
  const prompt = r.pick([r.text(r.int(1, 60)), '  ', r.text(2000)]);
  const valid = forged === null || /^veo:extendp:[0-9a-f-]{36}$/i.test(forged);
  return { seed, userId: owner, describe: `extend modal ${JSON.stringify(prompt.slice(0, 50))} id:${JSON.stringify(forged)}`, valid, handler: 'extend', inject: () => fake.injectModalSubmit({ from: shown, values: { prompt }, ...(forged === null ? {} : { customId: forged }) }) };
}

function buttonCase(seed: number, messageId: string, fake: FakeDiscord): Case {
  const r = new Prng(seed);
  const OWNER = userOf(seed);
  const prefix = r.pick(['veo:retry:', 'veo:again:', 'veo:cancel:', 'veo:extend:', 'veo:hist:', 'veo:', 'veo:unknown:', 'other-bot:', '']);
  const suffix =
    prefix === 'veo:hist:'
      ? r.pick([`${OWNER}:*:${r.int(1, 3)}`, `${OWNER}:failed:2`, `${OWNER}:*:0`, `${OWNER}:*:1000001`, `${OWNER}:nope:1`, `abc:*:1`, `${OWNER}:*:1:x`, r.text(r.int(0, 90))])
      : r.pick([r.uuid(), r.uuid().toUpperCase(), `${r.uuid()}x`, 'abc', '', "' OR 1=1 --", '../../etc', r.text(r.int(0, 90)), '00000000-0000-0000-0000-000000000000']);
  const customId = `${prefix}${suffix}`;
  const clicker = r.chance(0.8) ? OWNER : userOf(seed + 10_000_000);
  let handler: Case['handler'] = null;
  let valid = false;
  const kinds = { 'veo:retry:': 'retry', 'veo:again:': 'again', 'veo:cancel:': 'cancel', 'veo:extend:': 'extendCheck' } as const;
  if (prefix in kinds && isRequestId(suffix)) [handler, valid] = [kinds[prefix as keyof typeof kinds], true];
  const history = prefix === 'veo:hist:' ? parseHistoryCustomId(customId) : null;
  if (history) [handler, valid] = ['history', history.ownerId === clicker];
  const expectModal = handler === 'extendCheck';
  return {
    seed, userId: clicker, describe: `click ${JSON.stringify(customId)} by ${clicker}`, valid, handler, expectModal,
    afterModal: (shown) => extendSubmitCase(r, seed, clicker, shown, fake),
    inject: () => fake.injectButtonClick({ messageId, userId: clicker, customId }),
  };
}

describe('interaction router fuzz (seeded)', () => {
  let fake: FakeDiscord;
  let bot: DiscordBot;
  let channel: FakeChannel;
  const handlers = new RecordingHandlers();
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    fake = await FakeDiscord.start();
    const guild = fake.addGuild();
    channel = fake.addChannel(guild.id);
    bot = new DiscordBot({ token: 'fake-bot-token', apiBaseUrl: fake.apiUrl, handlers, policy, logger: new MemoryLogger(), guildId: guild.id });
    await bot.start();
    await fake.waitFor(() => fake.world.commands.get(guild.id));
  });
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await bot.stop();
    await fake.stop();
  });

  it(`${COMMAND_CASES + BUTTON_CASES} cases: exactly one answer each, handlers called only and always with valid input`, async () => {
    const message = fake.world.createMessage('channel', channel, { content: 'a message with buttons' }, [], null);
    const cases = [
      ...Array.from({ length: COMMAND_CASES }, (_, i) => commandCase(BASE_SEED + i, channel, fake)),
      ...Array.from({ length: BUTTON_CASES }, (_, i) => buttonCase(BASE_SEED + COMMAND_CASES + i, message.id, fake)),
    ];
    const failures: string[] = [];
    const submitted: Record<string, number> = {};
    const run = async (c: Case, stage: string): Promise<void> => {
      const mine = () => handlers.calls.filter((call) => call.userId === c.userId && call.kind === c.handler);
      const before = mine().length;
      let interaction: FakeInteraction;
      try {
        interaction = c.inject();
      } catch (error) {
        failures.push(`seed=${c.seed} ${stage} could not be sent: ${String(error)} — ${c.describe}`);
        return;
      }
      const tokenRequests = () => fake.requests.filter((q) => q.path.includes(interaction.token));
      // Settled: an immediate reply or a modal, or after a deferral the edit / follow-up that answers.
      const settled = () => interaction.callbackType === 4 || interaction.callbackType === 9 || (interaction.callbackType !== null && tokenRequests().some((q) => q.path.startsWith('/webhooks/') && q.method !== 'DELETE' && q.status === 200));
      await fake.waitFor(settled, 4_000).catch(() => undefined);
      const callbacks = tokenRequests().filter((q) => q.path.endsWith('/callback'));
      const calls = mine().slice(before);
      const problems = [
        !settled() && 'no answer',
        callbacks.length !== 1 && `${callbacks.length} callbacks`,
        callbacks.some((q) => q.status >= 400) && 'a refused callback',
        (c.expectModal ?? false) !== (interaction.callbackType === 9) && (c.expectModal ? 'no modal' : 'an unexpected modal'),
        calls.some((call) => call.problem) && `handler got invalid input: ${calls.find((call) => call.problem)?.problem}`,
        c.valid && c.handler && calls.length === 0 && 'valid input but no handler call',
        !c.valid && c.handler !== 'extendCheck' && calls.length > 0 && 'handler called for invalid input',
      ].filter(Boolean);
      if (problems.length > 0) failures.push(`seed=${c.seed} ${stage} ${problems.join(', ')} — ${c.describe}`);
      else if (interaction.callbackType === 9 && c.afterModal) {
        const next = c.afterModal(interaction);
        submitted[`${next.handler}:${next.valid}`] = (submitted[`${next.handler}:${next.valid}`] ?? 0) + 1;
        await run(next, 'modal submit');
      }
    };
    await inBatches(cases, 16, (c) => run(c, 'first'));
    // The modals were opened and submitted, valid and not, from /veo and from Extend.
    expect(Object.keys(submitted).sort()).toEqual(['extend:false', 'extend:true', 'submit:false', 'submit:true']);
    // Every handler call with bad input, even one not attributed to its case, is a failure.
    expect(handlers.calls.filter((call) => call.problem)).toEqual([]);
    expect(failures.slice(0, 10)).toEqual([]);
    expect(fake.refusedRequests().map((q) => `${q.method} ${q.path} ${JSON.stringify(q.formErrors)}`).slice(0, 5)).toEqual([]);
    expect(rejections).toEqual([]);
  }, 120_000);
});
