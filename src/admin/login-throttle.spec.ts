import { LoginThrottle } from './login-throttle.js';

describe('LoginThrottle', () => {
  let clock = 0;
  const throttle = () => new LoginThrottle(3, 500, 8000, 15 * 60_000, () => clock);

  beforeEach(() => (clock = 1_000_000));

  it('lets the first failures through, then doubles the wait up to the ceiling', () => {
    const t = throttle();
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      delays.push(t.delayFor(['a@x.io']));
      t.failed(['a@x.io']);
    }
    expect(delays).toEqual([0, 0, 0, 500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('counts the e-mail and the client address separately and waits for the worse of the two', () => {
    const t = throttle();
    for (let i = 0; i < 5; i++) t.failed(['ip:10.0.0.1', `user${i}@x.io`]);
    expect(t.delayFor(['ip:10.0.0.1', 'fresh@x.io'])).toBe(2000);
    expect(t.delayFor(['ip:10.0.0.2', 'user1@x.io'])).toBe(0);
  });

  it('forgets failures after the window and clears them on success', () => {
    const t = throttle();
    for (let i = 0; i < 6; i++) t.failed(['k']);
    expect(t.delayFor(['k'])).toBe(4000);
    clock += 15 * 60_000 + 1;
    expect(t.delayFor(['k'])).toBe(0);
    for (let i = 0; i < 6; i++) t.failed(['k']);
    t.succeeded(['k']);
    expect(t.delayFor(['k'])).toBe(0);
  });
});
