/** Makes request ids (UUIDs in production). */
export interface IdGenerator {
  newId(): string;
}
