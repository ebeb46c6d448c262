export { createAdminApp } from './app.tsx';
export { seedSandboxAdmin, SANDBOX_ADMIN, type SandboxAdminLogin } from './seed.ts';
export { startAdminServer } from './server.ts';
export type { AdminDeps, TelegramFile } from './env.ts';
