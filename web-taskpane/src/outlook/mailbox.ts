import type { EmailAddress, EmailAttachment, ReadMessage } from "../shared/contracts";
import { officeCall } from "./officeAsync";

// Office.js logic of the Outlook pane, without DOM: read the selected message, follow the selection.

const maxBodyLength = 200_000;

export async function readMessage(mailbox: Office.Mailbox, offsetMinutes?: number): Promise<ReadMessage | null> {
  const item = mailbox.item as Office.MessageRead | null | undefined;
  if (!item || item.itemType !== Office.MailboxEnums.ItemType.Message) return null;

  const body = await readBody(item);
  const received = item.dateTimeCreated instanceof Date ? item.dateTimeCreated : new Date(item.dateTimeCreated);
  return {
    internetMessageId: item.internetMessageId,
    conversationId: item.conversationId ?? null,
    itemId: item.itemId ? mailbox.convertToRestId(item.itemId, Office.MailboxEnums.RestVersion.v2_0) : null,
    subject: item.subject ?? "",
    from: address(item.from),
    to: (item.to ?? []).map(address),
    cc: (item.cc ?? []).map(address),
    receivedAt: toOffsetIso(received, offsetMinutes ?? -received.getTimezoneOffset()),
    bodyText: body.length > maxBodyLength ? body.slice(0, maxBodyLength) : body,
    // The API reads the message in this zone in Entra mode (Graph gives UTC); a Windows or IANA name.
    timeZone: mailbox.userProfile?.timeZone || null,
    attachments: (item.attachments ?? []).map(attachmentOf),
  };
}

// One file attachment's content, as the pane sends it to the API in Local mode.
export function readAttachment(mailbox: Office.Mailbox, attachment: EmailAttachment): Promise<Blob> {
  const item = mailbox.item as Office.MessageRead;
  return new Promise((resolve, reject) =>
    item.getAttachmentContentAsync(attachment.id, (result: Office.AsyncResult<Office.AttachmentContent>) => {
      if (result.status !== Office.AsyncResultStatus.Succeeded) {
        reject(new Error(`${attachment.name} could not be read from the message: ${result.error.message}`));
        return;
      }

      const content = result.value;
      if (content.format !== Office.MailboxEnums.AttachmentContentFormat.Base64) {
        reject(new Error(`${attachment.name} is not a file the pane can copy.`));
        return;
      }

      const bytes = Uint8Array.from(atob(content.content), (c) => c.charCodeAt(0));
      resolve(new Blob([bytes], { type: attachment.contentType ?? "application/octet-stream" }));
    }));
}

function attachmentOf(details: Office.AttachmentDetails): EmailAttachment {
  return {
    id: details.id,
    name: details.name,
    size: details.size,
    contentType: details.contentType ?? null,
    isInline: details.isInline,
    kind: String(details.attachmentType) === String(Office.MailboxEnums.AttachmentType.File) ? "File" : "Item",
  };
}

// Pinned panes stay open while the user moves through the mailbox: call back on every new selection.
export function followSelection(mailbox: Office.Mailbox, onChange: () => void): Promise<void> {
  return officeCall<void>((done) => mailbox.addHandlerAsync(Office.EventType.ItemChanged, () => onChange(), done));
}

// The instant in the reader's own offset, so "tomorrow" in the text means the reader's tomorrow.
export function toOffsetIso(instant: Date, offsetMinutes: number): string {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${local.toISOString().slice(0, 19)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

function address(details: Office.EmailAddressDetails | undefined): EmailAddress {
  return { name: details?.displayName?.trim() || null, email: (details?.emailAddress ?? "").trim().toLowerCase() };
}

function readBody(item: Office.MessageRead): Promise<string> {
  return new Promise((resolve) =>
    item.body.getAsync(Office.CoercionType.Text, (result: Office.AsyncResult<string>) =>
      resolve(result.status === Office.AsyncResultStatus.Succeeded ? result.value ?? "" : "")));
}
