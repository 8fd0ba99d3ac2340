import request from 'supertest';
import type { TestApp } from '../support/test-app.js';

export const ADMIN = { email: 'boss@simbiosia.test', password: 'a-long-admin-password' };
export const VIEWER = { email: 'viewer@simbiosia.test', password: 'a-long-viewer-password' };
export const ADMIN_ENV = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };

/** The panel's own origin, as its pages send it on every POST (the panel refuses writes without it). */
export function panelOrigin(t: TestApp): string {
  return new URL(t.config.http.publicUrl).origin;
}

/** A POST to the panel as its own pages send it. */
export function panelPost(t: TestApp, path: string): request.Test {
  return request(t.app.getHttpServer()).post(path).set('Origin', panelOrigin(t));
}

/** Logs in through the panel's form; returns the session cookie header, or null when refused. */
export async function login(t: TestApp, who: { email: string; password: string }): Promise<string | null> {
  const res = await panelPost(t, '/admin/login').field('email', who.email).field('password', who.password);
  const cookie = (res.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) => c.startsWith('simbiosia_admin='));
  return res.status === 302 && res.headers.location === '/admin' && cookie ? cookie.split(';')[0] : null;
}
