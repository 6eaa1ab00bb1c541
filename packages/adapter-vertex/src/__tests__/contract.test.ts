import { videoGeneratorContract } from '@veo-bot/core/testing';
import { FakeGoogleCloud, createFakeVertexAdapters } from '../testing/index.js';

videoGeneratorContract('VertexVideoGenerator + GcsVideoStore against FakeGoogleCloud', async () => {
  const fake = new FakeGoogleCloud({ accessToken: 'contract-token' });
  await fake.start();
  const make = () => createFakeVertexAdapters(fake, { token: 'contract-token' });
  const { generator, store } = make();
  return {
    generator,
    store,
    script: (prompt, script) => fake.script(prompt, script),
    restart: () => make().generator,
    cleanup: () => fake.stop(),
  };
});
