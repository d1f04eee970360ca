import type { JobQueue } from "../jobs/job-queue.ts";

/** The one door into the worker: a person's mailbox job, exclusive per (account, person) so
 * one person's events are never handled by two workers at once. */
export type Person = { igAccountId: string; personId: string };
const mailboxJob = (person: Person) => ({
  payload: person,
  opts: { exclusiveKey: `person:${person.igAccountId}:${person.personId}` },
});

export function enqueuePersonMailbox(jobQueue: JobQueue, person: Person) {
  return jobQueue.enqueue("processPerson", person, mailboxJob(person).opts);
}

/** Several people's mailboxes in one round trip. */
export function enqueuePersonMailboxes(jobQueue: JobQueue, people: Person[]) {
  return jobQueue.enqueueMany("processPerson", people.map(mailboxJob));
}
