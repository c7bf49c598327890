// Join codes: 6 symbols of the unambiguous alphabet (protocol: classroom.ts), drawn with the system's
// CSPRNG, so that a code says nothing about another.
import { randomInt } from 'node:crypto';
import { CLASS_CODE_ALPHABET, CLASS_CODE_LENGTH } from '@forkscope/protocol';

export function newClassCode(): string {
  let code = '';
  for (let i = 0; i < CLASS_CODE_LENGTH; i++) code += CLASS_CODE_ALPHABET[randomInt(CLASS_CODE_ALPHABET.length)];
  return code;
}

/** A student's id within a class: 8 of a–z0–9, shown to the teacher only. */
export function newStudentId(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  let id = '';
  for (let i = 0; i < 8; i++) id += alphabet[randomInt(alphabet.length)];
  return id;
}
