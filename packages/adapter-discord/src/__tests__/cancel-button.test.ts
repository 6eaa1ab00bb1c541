import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANCEL_TOO_LATE, CancelRequest, WorkScheduler, type CancelInput, type CancelOutcome, type SubmitInput, type SubmitResult } from '@veo-bot/core';
import { FakeClock, InMemoryRequestRepository, MemoryLogger, aRequest } from '@veo-bot/core/testing';
import { DiscordNotifier } from '../discord-notifier.js';
import { enabledButtons, visibleText, type FakeInteraction, type FakeMessage } from '../testing/index.js';
import { StubHandlers, startBot, type BotHarness } from './support/bot-harness.js';

const MANAGE_GUILD = 1n << 5n;
const MEMBER = (1n << 10n) | (1n << 11n);

/** Stub handlers whose accepted /veo is a real pending row, cancelled by core's real CancelRequest. */
class CancelHandlers extends StubHandlers {
  readonly repo = new InMemoryRequestRepository();
  private readonly clock = new FakeClock();
  private readonly logger = new MemoryLogger();
  readonly cancels: CancelInput[] = [];
  private readonly core = new CancelRequest({ repo: this.repo, clock: this.clock, logger: this.logger, scheduler: new WorkScheduler({ clock: this.clock, logger: this.logger }) });
  constructor() {
    super();
    this.submitResult = async (input: SubmitInput): Promise<SubmitResult> => {
      const request = aRequest({ userId: input.userId, guildId: input.guildId, channelId: input.channelId, interaction: input.interaction });
      await this.repo.create(request);
      await this.notifier?.progress(request, { stage: 'queued', position: 2, route: 'interaction', eta: { kind: 'unknown' } });
      return { ok: true, persisted: true, queuePosition: 2, eta: { kind: 'unknown' }, request };
    };
  }
  async cancel(input: CancelInput): Promise<CancelOutcome> {
    this.cancels.push(input);
    return this.core.execute(input);
  }
}

describe('Cancel button on a queued request, through a real discord.js client', () => {
  let h: BotHarness;
  let handlers: CancelHandlers;
  let status: FakeMessage;
  let requestId: string;
  const owner = '5001';

  beforeEach(async () => {
    handlers = new CancelHandlers();
    h = await startBot({ handlers });
    handlers.notifier = new DiscordNotifier({ token: 'fake-bot-token', apiBaseUrl: h.fake.apiUrl, logger: h.logger });
    const veo = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: owner, options: { prompt: 'a fox' } });
    status = await h.fake.waitFor(() => {
      const m = h.fake.originalOf(veo);
      return m && enabledButtons(m, 'veo:cancel:').length > 0 ? m : undefined;
    });
    requestId = enabledButtons(status, 'veo:cancel:')[0]!.slice('veo:cancel:'.length);
  });
  afterEach(async () => {
    await h.stop();
  });

  const click = (userId: string, memberPermissions: bigint = MEMBER): FakeInteraction =>
    h.fake.injectButtonClick({ messageId: status.id, userId, customId: `veo:cancel:${requestId}`, memberPermissions });
  const ephemeralAnswer = (interaction: FakeInteraction) => h.fake.waitFor(() => h.fake.followUpsOf(interaction).find((m) => (m.flags & 64) === 64));

  it('the queued status carries Cancel; the owner cancels: the status says so, without buttons, and the row is cancelled at $0', async () => {
    expect(visibleText(status)).toContain('Queued (#2)');
    click(owner);
    await h.fake.waitFor(() => (visibleText(status).includes('Cancelled') ? true : undefined));
    expect(visibleText(status)).toContain('🚫 Cancelled: nothing was sent to Google and nothing is charged.');
    expect(status.components).toEqual([]);
    expect(await handlers.repo.get(requestId)).toMatchObject({ status: 'cancelled', finalCostUsd: 0 });
    expect(handlers.cancels[0]).toMatchObject({ requestId, userId: owner, guildId: h.guild.id, canManageGuild: false });
  });

  it('another member is refused ephemerally and nothing changes; a server manager may cancel, and the status names them', async () => {
    const refused = await ephemeralAnswer(click('6002'));
    expect(visibleText(refused)).toContain(`Only <@${owner}> or a server manager can cancel this video.`);
    expect(enabledButtons(status, 'veo:cancel:')).toHaveLength(1);
    expect((await handlers.repo.get(requestId))?.status).toBe('pending');
    click('6003', MANAGE_GUILD);
    await h.fake.waitFor(() => (visibleText(status).includes('Cancelled') ? true : undefined));
    expect(visibleText(status)).toContain('🚫 Cancelled by <@6003>');
  });

  it('after Google accepted the start the click explains why it cannot be cancelled; the generating status has no button', async () => {
    await handlers.repo.recordStartAttempt(requestId, new Date());
    const answer = await ephemeralAnswer(click(owner));
    expect(visibleText(answer)).toContain(CANCEL_TOO_LATE);
    expect((await handlers.repo.get(requestId))?.status).toBe('pending');
    const request = await handlers.repo.get(requestId);
    await handlers.notifier!.progress(request!, { stage: 'generating', elapsedMs: 5000, route: 'interaction' });
    await h.fake.waitFor(() => (visibleText(status).includes('Generating') ? true : undefined));
    expect(enabledButtons(status, 'veo:cancel:')).toEqual([]);
  });

  it('a double click: one cancel; the second says it already is', async () => {
    click(owner);
    await h.fake.waitFor(() => (visibleText(status).includes('Cancelled') ? true : undefined));
    const second = await ephemeralAnswer(click(owner));
    expect(visibleText(second)).toContain('already cancelled');
  });
});
