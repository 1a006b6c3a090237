import { OfficeMockObject } from "office-addin-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { domainOf, followSelection, readAttachment, readMessage, toOffsetIso } from "./mailbox";

// The Office.js surface the pane uses, as office-addin-mock stands it up (host "outlook", so properties read as loaded).
function outlook(item: Record<string, unknown> | null) {
  const handlers: Array<() => void> = [];
  const data = {
    host: "outlook",
    CoercionType: { Text: "text" },
    EventType: { ItemChanged: "olkItemSelectedChanged" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    MailboxEnums: {
      ItemType: { Message: "message", Appointment: "appointment" }, RestVersion: { v2_0: "v2.0" },
      AttachmentType: { File: "file", Item: "item", Cloud: "cloud" }, AttachmentContentFormat: { Base64: "base64", Eml: "eml" },
    },
    context: {
      mailbox: {
        userProfile: { timeZone: "W. Europe Standard Time" },
        ...(item ? { item } : {}), // the mock cannot hold null: no property is how "nothing selected" reads
        convertToRestId: (id: string, version: string) => `rest:${version}:${id.replaceAll("/", "-")}`,
        addHandlerAsync: (event: string, handler: () => void, callback: (r: { status: string }) => void) => {
          handlers.push(handler);
          callback({ status: event === "olkItemSelectedChanged" ? "succeeded" : "failed" });
        },
      },
    },
  };
  const mock = new OfficeMockObject(data) as unknown as typeof Office;
  (globalThis as Record<string, unknown>).Office = mock;
  return { mailbox: mock.context.mailbox as Office.Mailbox, select: () => handlers.forEach((h) => h()) };
}

const venue = {
  itemType: "message",
  itemId: "AAMkAD/item=",
  internetMessageId: "<CAF3x9Q1venue@mail.venue.example>",
  conversationId: "AAQkADVjconv-venue",
  subject: "RE: Venue contract needs signature by Friday",
  from: { displayName: "Erin Vendor", emailAddress: "Erin@Venue.example" },
  to: [{ displayName: "Bob Coordinator", emailAddress: "bob@contoso.com" }],
  cc: [{ displayName: "", emailAddress: "alice@contoso.com" }],
  dateTimeCreated: new Date("2026-11-18T09:15:00Z"),
  attachments: [
    { id: "att-1", name: "contract.pdf", size: 4, contentType: "application/pdf", isInline: false, attachmentType: "file" },
    { id: "att-2", name: "Earlier thread", size: 900, contentType: "message/rfc822", isInline: false, attachmentType: "item" },
  ],
  getAttachmentContentAsync: (id: string, callback: (r: { status: string; value?: { format: string; content: string }; error?: { message: string } }) => void) =>
    callback(id === "att-1" ? { status: "succeeded", value: { format: "base64", content: "JVBERg==" } }
      : id === "att-2" ? { status: "succeeded", value: { format: "eml", content: "From: someone" } }
      : { status: "failed", error: { message: "not found" } }),
  body: {
    getAsync: (coercion: string, callback: (r: { status: string; value: string }) => void) =>
      callback({ status: "succeeded", value: coercion === "text" ? "Could you get the venue contract signed by Friday?" : "<p>html</p>" }),
  },
};

describe("readMessage", () => {
  beforeEach(() => {
    delete (globalThis as Record<string, unknown>).Office;
  });

  it("reads every field the API needs, the body as text and the item id as a REST id", async () => {
    const { mailbox } = outlook(venue);

    const message = await readMessage(mailbox, 60);

    expect(message).toEqual({
      internetMessageId: "<CAF3x9Q1venue@mail.venue.example>",
      conversationId: "AAQkADVjconv-venue",
      itemId: "rest:v2.0:AAMkAD-item=",
      subject: "RE: Venue contract needs signature by Friday",
      from: { name: "Erin Vendor", email: "erin@venue.example" },
      to: [{ name: "Bob Coordinator", email: "bob@contoso.com" }],
      cc: [{ name: null, email: "alice@contoso.com" }],
      receivedAt: "2026-11-18T10:15:00+01:00",
      bodyText: "Could you get the venue contract signed by Friday?",
      timeZone: "W. Europe Standard Time",
      attachments: [
        { id: "att-1", name: "contract.pdf", size: 4, contentType: "application/pdf", isInline: false, kind: "File" },
        { id: "att-2", name: "Earlier thread", size: 900, contentType: "message/rfc822", isInline: false, kind: "Item" },
      ],
    });
  });

  it("reads a file attachment's content as bytes and refuses an attached item", async () => {
    const { mailbox } = outlook(venue);
    const message = (await readMessage(mailbox))!;

    const file = await readAttachment(mailbox, message.attachments![0]!);

    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new Uint8Array([0x25, 0x50, 0x44, 0x46]));
    expect(file.type).toBe("application/pdf");
    await expect(readAttachment(mailbox, message.attachments![1]!)).rejects.toThrow("not a file");
  });

  it("gives nothing when no message is selected or the item is an appointment", async () => {
    expect(await readMessage(outlook(null).mailbox)).toBeNull();
    expect(await readMessage(outlook({ ...venue, itemType: "appointment" }).mailbox)).toBeNull();
  });

  it("reads a failed body as empty rather than failing the pane", async () => {
    const failing = { ...venue, body: { getAsync: (_: string, callback: (r: { status: string }) => void) => callback({ status: "failed" }) } };

    const message = await readMessage(outlook(failing).mailbox, 0);

    expect(message?.bodyText).toBe("");
  });

  it("follows the selection when the pane is pinned", async () => {
    const { mailbox, select } = outlook(venue);
    let calls = 0;

    await followSelection(mailbox, () => calls++);
    select();
    select();

    expect(calls).toBe(2);
  });
});

describe("toOffsetIso", () => {
  it("writes the instant in the reader's offset, west and east of UTC", () => {
    const instant = new Date("2026-11-19T04:30:00Z");

    expect(toOffsetIso(instant, -300)).toBe("2026-11-18T23:30:00-05:00");
    expect(toOffsetIso(instant, 330)).toBe("2026-11-19T10:00:00+05:30");
    expect(toOffsetIso(instant, 0)).toBe("2026-11-19T04:30:00+00:00");
  });
});

describe("domainOf", () => {
  it("is the part after the last @, in lower case", () => {
    expect(domainOf("J.Mueller@Lieferant.Example.de")).toBe("lieferant.example.de");
  });
});
