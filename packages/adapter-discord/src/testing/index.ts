export { FakeDiscord } from './fake-discord.js';
export type { FakeDiscordOptions, SlashCommandInjection, ButtonClickInjection } from './fake-discord.js';
export { FakeWorld, FakeApiError } from './fake-world.js';
export { uploadLimitForTier, DISCORD_ERRORS } from './fake-state.js';
export type { FakeGuild, FakeChannel, FakeMessage, FakeMessageKind, FakeAttachment, FakeInteraction, RecordedRequest, InjectedFailure } from './fake-state.js';
export type { FakeUser } from './fake-payloads.js';
export { shardOf } from './fake-gateway.js';
export { userView, visibleText, enabledButtons } from './user-view.js';
export type { UserView } from './user-view.js';
