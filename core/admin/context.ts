/** Who performs an admin action and from where: every audited function takes one. */
export interface AdminCtx {
  adminId: number;
  name: string;
  ip: string | null;
}
