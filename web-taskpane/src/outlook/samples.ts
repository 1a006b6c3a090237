import type { EmailAttachment, ReadMessage } from "../shared/contracts";

// The preview's attachments, with their content (as Outlook would give it to the pane).
const sampleFiles: Record<string, { attachment: EmailAttachment; text: string }> = {
  "sample-venue-contract": {
    attachment: { id: "sample-venue-contract", name: "Venue contract.txt", size: 126, contentType: "text/plain", isInline: false, kind: "File" },
    text: "Harbour Hall Events - venue hire agreement\nDate held until Friday. Capacity 400. Deposit 20 % on signature.\nSigned: ____________",
  },
  "sample-logo": {
    attachment: { id: "sample-logo", name: "logo.png", size: 2048, contentType: "image/png", isInline: true, kind: "File" },
    text: "",
  },
};

export function sampleAttachment(attachment: EmailAttachment): Promise<Blob> {
  const file = sampleFiles[attachment.id];
  return file ? Promise.resolve(new Blob([file.text], { type: file.attachment.contentType ?? "text/plain" })) : Promise.reject(new Error("No such attachment."));
}

// Messages for the browser preview, so the pane can be tried right after `dotnet run` without Outlook.
// Each run gets its own message ids, so the first click creates and the second one finds the same task.
export function sampleMessages(run = Date.now().toString(36)): ReadMessage[] {
  const to = [{ name: "Bob Coordinator", email: "bob@contoso.com" }];
  return [
    {
      internetMessageId: `<venue.${run}@mail.venue.example>`,
      conversationId: "AAQkADVjconv-venue",
      itemId: null,
      subject: "RE: Venue contract needs signature by Friday",
      from: { name: "Erin Vendor", email: "erin@venue.example" },
      to,
      cc: [{ name: "Alice Manager", email: "alice@contoso.com" }],
      receivedAt: new Date().toISOString(),
      bodyText: "Hi Bob,\n\nCould you get the venue contract signed by Friday? We can only hold the date until then.\n\nBest,\nErin\n--\nErin Vendor | Harbour Hall Events",
      attachments: Object.values(sampleFiles).map((f) => ({ ...f.attachment, size: f.text ? new TextEncoder().encode(f.text).length : f.attachment.size })),
    },
    {
      internetMessageId: `<catering.${run}@partner.example>`,
      conversationId: "AAQkADVjconv-catering",
      itemId: null,
      subject: "Catering options",
      from: { name: "Hiro Tanaka", email: "hiro@partner.example" },
      to,
      cc: [],
      receivedAt: new Date().toISOString(),
      bodyText: "Please choose a catering option within 2 weeks so we can confirm numbers.\n\nHiro",
    },
  ];
}
