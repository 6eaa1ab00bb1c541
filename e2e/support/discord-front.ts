import { HttpProxy, type ProxiedRequest } from './http-proxy.js';

const MESSAGE_CREATE = /^\/api\/v\d+\/(webhooks\/\d+\/[^/?]+|channels\/\d+\/messages)(\?|$)/;

/**
 * A proxy in front of FakeDiscord's REST API (DISCORD_API_URL points here; the gateway URL the
 * fake hands out stays direct). It can hold Discord's answer to a new message that mentions a
 * chosen user after the fake already posted it: the "while sending" window.
 */
export class DiscordFront {
  private readonly proxy: HttpProxy;
  /** Users whose next message answers are held, with how long (ms). */
  readonly holdAnswersFor = new Map<string, number>();

  constructor(upstreamApiUrl: () => string) {
    this.proxy = new HttpProxy(() => upstreamApiUrl().replace(/\/api$/, ''), {
      holdAnswerMs: (req, status) => {
        if (status >= 300 || !isMessageCreate(req)) return 0;
        const text = req.body.toString('utf8');
        for (const [user, ms] of this.holdAnswersFor) if (text.includes(`<@${user}>`)) return ms;
        return 0;
      },
    });
  }

  start(): Promise<string> {
    return this.proxy.start();
  }

  stop(): Promise<void> {
    return this.proxy.stop();
  }

  /** For DISCORD_API_URL. */
  get apiUrl(): string {
    return `${this.proxy.url}/api`;
  }

  /** True while an answer to a message mentioning `userId` is being held. */
  holdingFor(userId: string): boolean {
    return [...this.proxy.waiting].some(([req, phase]) => phase === 'holding' && req.body.toString('utf8').includes(`<@${userId}>`));
  }
}

function isMessageCreate(req: ProxiedRequest): boolean {
  return req.method === 'POST' && MESSAGE_CREATE.test(req.path);
}
