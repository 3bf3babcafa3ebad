import argon2 from 'argon2';

// argon2id with the library's defaults (m=64 MiB, t=3, p=4): ~50 ms here, hard for a GPU farm.
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Verified against when the user does not exist, so a wrong user name costs as long as a wrong password.
let dummy: Promise<string> | null = null;
export async function burnVerify(password: string) {
  dummy ??= hashPassword('no-such-user-dummy-password');
  await verifyPassword(await dummy, password);
}

export function passwordProblem(password: string): string | null {
  if (password.length < 10) return '密码至少10个字符';
  if (password.length > 200) return '密码过长';
  return null;
}
