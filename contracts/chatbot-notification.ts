/**
 * The one message shape AWS Chatbot (Amazon Q Developer in chat applications) posts that is not a
 * notification of a supported AWS service: a custom notification. Chatbot drops anything else that
 * reaches its topics ("Event received is not supported" in its log, the UnsupportedEvents metric),
 * including a message an EventBridge input transformer reshaped. Source, with the event schema:
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html ("Event schema";
 * required: version, source, content.description).
 *
 * Written by the DNS check reporter (its HTTPS rendering) and by the change audit's chat target
 * (lib/audit/audit-message.ts). The schema is strict: the product sends only documented fields,
 * so whatever Chatbot does with fields it does not know never matters.
 */
import * as z from 'zod/mini';

const strings = z.array(z.string());

export const ChatbotCustomNotificationSchema = z.strictObject({
  version: z.literal('1.0'),
  source: z.literal('custom'),
  id: z.optional(z.string()),
  content: z.strictObject({
    textType: z.optional(z.literal('client-markdown')),
    title: z.optional(z.string()),
    description: z.string().check(z.minLength(1)),
    nextSteps: z.optional(strings),
    keywords: z.optional(strings),
  }),
  metadata: z.optional(
    z.strictObject({
      threadId: z.optional(z.string()),
      summary: z.optional(z.string()),
      eventType: z.optional(z.string()),
      relatedResources: z.optional(strings),
      additionalContext: z.optional(z.record(z.string(), z.string())),
      enableCustomActions: z.optional(z.boolean()),
    }),
  ),
});

export type ChatbotCustomNotification = z.infer<typeof ChatbotCustomNotificationSchema>;

/** Slack emoji that open a custom notification's title, by severity. */
export const CHAT_SEVERITY_EMOJI = { critical: ':red_circle:', warning: ':large_orange_circle:' } as const;
