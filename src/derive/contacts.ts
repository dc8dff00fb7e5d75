/**
 * The `contacts` fact: whether contacts from the platform, calls and texts after the product
 * arrived, and all contacts were answered within their windows.
 */
import type { Instant } from "../core/time.js";
import { compareInstants } from "../core/time.js";
import { type CampaignFacts, durationSchema } from "../facts/schema.js";
import { defineFamily, type ParametersOf } from "./family.js";
import {
  obligationEnd,
  type ResponseSummary,
  responseSummaryShape,
  summariseResponses,
} from "./responses.js";
import { s } from "./shape.js";

/** The parameters the `contacts` fact reads. */
export const contactParameters = {
  /** Time to answer a contact from the platform. */
  contactResponseWindow: durationSchema.optional(),
  /** Time to answer a call or text after the product was delivered. */
  productContactResponseWindow: durationSchema.optional(),
  /** Time to answer any contact (platform or advertiser). */
  responseWindow: durationSchema.optional(),
};

/** The `contacts` fact. */
export interface ContactsFact {
  /** Contacts from the platform, against `contactResponseWindow`. */
  platform: ResponseSummary | null;
  /** Calls and texts after the product was delivered, against `productContactResponseWindow`. */
  afterProduct: ResponseSummary | null;
  /** Every contact, against `responseWindow`. */
  any: ResponseSummary | null;
}

/**
 * Derives the `contacts` fact.
 *
 * @param facts - Validated facts, as known at `asOf`.
 * @param params - The parsed parameters.
 * @param asOf - The evaluation instant.
 * @returns The fact.
 */
export function deriveContacts(
  facts: CampaignFacts,
  params: ParametersOf<typeof contactParameters>,
  asOf: Instant,
): ContactsFact {
  const timeZone = facts.campaign.timezone;
  const contacts = facts.contacts ?? [];
  const window = (
    duration: ParametersOf<typeof contactParameters>["responseWindow"],
    subset: typeof contacts,
  ) =>
    duration ? summariseResponses(subset, duration, timeZone, asOf, obligationEnd(facts)) : null;
  const deliveredAt = facts.product?.deliveredAt;
  const afterProduct = deliveredAt
    ? contacts.filter(
        (contact) =>
          (contact.channel === "call" || contact.channel === "sms") &&
          compareInstants(contact.at, deliveredAt) >= 0,
      )
    : [];
  return {
    platform: window(
      params.contactResponseWindow,
      contacts.filter((contact) => contact.from === "platform"),
    ),
    afterProduct: deliveredAt ? window(params.productContactResponseWindow, afterProduct) : null,
    any: window(params.responseWindow, contacts),
  };
}

/** Response windows of contacts. */
export const contactsFamily = defineFamily({
  name: "contacts",
  facts: {
    contacts: {
      shape: s.object({
        platform: s.nullable(responseSummaryShape),
        afterProduct: s.nullable(responseSummaryShape),
        any: s.nullable(responseSummaryShape),
      }),
      doc: "Response summaries of contacts: platform, afterProduct, any (see README).",
      in: "common",
    },
  },
  parameters: contactParameters,
  derive: deriveContacts,
});
