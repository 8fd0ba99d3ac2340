// AdminJS starts a rollup watcher that rebuilds its component bundle when NODE_ENV is not
// production, and that watcher outlives jest. The bundle is built by `npm run build` (pretest), so
// tests serve it as production does. Our own settings come from testConfig, not from NODE_ENV.
process.env.NODE_ENV = 'production';
