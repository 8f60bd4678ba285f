/**
 * Consent receipts in the Kantara Initiative Consent Receipt Specification v1.1 shape, so a
 * ledger record can be handed to the person or to another system that speaks it.
 */
import type { ChainRecord } from './_chain.js';
import type { ConsentEvent } from './_events.js';
import type { Notice } from './_notice.js';
import { needObject, optObject, readingCaller } from '../errors/_args.js';
import type { RecordProof } from './_tree.js';

/**
 * A Kantara Consent Receipt v1.1 (the members custodia can fill).
 * @example
 * ```ts
 * const receipt: ConsentReceipt = toConsentReceipt(record, notice, { service: '会员中心' });
 * receipt.consentReceiptID === record.hash // true
 * ```
 */
export interface ConsentReceipt {
  version: 'KI-CR-v1.1.0';
  jurisdiction: string;
  /** Seconds since the epoch. */
  consentTimestamp: number;
  collectionMethod: string;
  consentReceiptID: string;
  language: string;
  piiPrincipalId: string;
  piiControllers: { piiController: string; contact: string }[];
  policyUrl: string;
  services: {
    service: string;
    purposes: {
      purpose: string;
      purposeCategory: string[];
      consentType: 'EXPLICIT';
      piiCategory: string[];
      primaryPurpose: boolean;
      termination: string;
      thirdPartyDisclosure: boolean;
      thirdPartyName?: string;
    }[];
  }[];
  sensitive: boolean;
  spiCat: string[];
  /** custodia extension: the ledger record and its inclusion proof in a signed checkpoint. */
  proof?: RecordProof;
}

/**
 * The Kantara v1.1 receipt of a consent given or renewed under `notice`. The receipt id is the
 * ledger record's hash, so the receipt can be matched against the chain; `policyUrl` is a
 * `urn:custodia:notice:` reference to the notice id, version and hash.
 *
 * @example
 * ```ts
 * const [rec] = await ledger.history('u_8f3a');
 * const receipt = toConsentReceipt(rec, notice, { jurisdiction: 'CN', service: '会员中心' });
 * ```
 */
export function toConsentReceipt(record: ChainRecord<ConsentEvent>, notice: Notice, opts: { jurisdiction?: string; service?: string; proof?: RecordProof } = {}): ConsentReceipt {
  needObject(record, 'record');
  needObject(notice, 'notice');
  optObject(opts, 'opts');
  return readingCaller('record or notice', () => {
    const e = record.data;
    const byId = new Map(notice.purposes.map((p) => [p.id, p]));
    return {
      version: 'KI-CR-v1.1.0',
      jurisdiction: opts.jurisdiction ?? 'CN',
      consentTimestamp: Math.floor(Date.parse(e.at) / 1000),
      collectionMethod: `${e.channel}:${e.method}`,
      consentReceiptID: record.hash,
      language: notice.language,
      piiPrincipalId: e.subject,
      piiControllers: [{ piiController: notice.controller.name, contact: notice.controller.contact }],
      policyUrl: `urn:custodia:notice:${encodeURIComponent(notice.id)}:${encodeURIComponent(notice.version)}:${notice.hash}`,
      services: [
        {
          service: opts.service ?? notice.id,
          purposes: e.purposes.map((id) => {
            const p = byId.get(id);
            const recipients = p?.recipients ?? [];
            return {
              purpose: p?.description ?? id,
              purposeCategory: [id],
              consentType: 'EXPLICIT' as const,
              piiCategory: [...(p?.categories ?? [])],
              primaryPurpose: p?.basis !== 'consent',
              termination: e.expires ?? `retention ${p?.retention ?? notice.retention}; withdrawable at any time`,
              thirdPartyDisclosure: recipients.length > 0,
              ...(recipients.length ? { thirdPartyName: recipients.join(', ') } : {}),
            };
          }),
        },
      ],
      sensitive: e.separate,
      spiCat: [...e.sensitiveCategories],
      ...(opts.proof ? { proof: opts.proof } : {}),
    };
  });
}
