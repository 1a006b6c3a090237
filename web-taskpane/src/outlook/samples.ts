import type { EmailMessage } from "../shared/contracts";

// Messages for the browser preview, so the pane can be tried right after `dotnet run` without Outlook.
// Each run gets its own message ids, so the first click creates and the second one finds the same task.
export function sampleMessages(run = Date.now().toString(36)): EmailMessage[] {
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
