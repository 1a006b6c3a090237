// A simulated Outlook host for browser tests: the subset of Office.js the pane uses, with the selected message
// under the test's control. It stands where https://appsforoffice.microsoft.com/lib/1/hosted/office.js would load.
(() => {
  const handlers = [];
  const settings = new Map();
  let item = null;

  // Attachments as the test gives them: { id, name, contentType, isInline, kind: "file" | "item", content (base64) }.
  const asItem = (message, attachments = []) => message && {
    itemType: "message",
    itemId: message.itemId,
    internetMessageId: message.internetMessageId,
    conversationId: message.conversationId,
    subject: message.subject,
    from: { displayName: message.from.name, emailAddress: message.from.email },
    to: message.to.map((p) => ({ displayName: p.name, emailAddress: p.email })),
    cc: message.cc.map((p) => ({ displayName: p.name, emailAddress: p.email })),
    dateTimeCreated: new Date(message.receivedAt),
    body: { getAsync: (coercion, callback) => setTimeout(() => callback({ status: "succeeded", value: message.bodyText })) },
    attachments: attachments.map((a) => ({
      id: a.id, name: a.name, contentType: a.contentType, isInline: !!a.isInline, attachmentType: a.kind || "file",
      size: Math.floor((a.content || "").length * 3 / 4),
    })),
    getAttachmentContentAsync: (id, callback) => setTimeout(() => {
      const found = attachments.find((a) => a.id === id);
      callback(found
        ? { status: "succeeded", value: { format: found.kind === "item" ? "eml" : "base64", content: found.content } }
        : { status: "failed", error: { message: "No such attachment." } });
    }),
  };

  window.Office = {
    HostType: { Outlook: "Outlook", Excel: "Excel" },
    PlatformType: { PC: "PC", OfficeOnline: "OfficeOnline", Mac: "Mac" },
    // Event-based activation: the handlers a runtime associates, for the test to call as Outlook would.
    actions: { associate: (id, handler) => { (window.__actions = window.__actions || {})[id] = handler; } },
    CoercionType: { Text: "text", Html: "html" },
    EventType: { ItemChanged: "olkItemSelectedChanged" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    MailboxEnums: {
      ItemType: { Message: "message", Appointment: "appointment" }, RestVersion: { v2_0: "v2.0" },
      AttachmentType: { File: "file", Item: "item", Cloud: "cloud" },
      AttachmentContentFormat: { Base64: "base64", Url: "url", Eml: "eml", ICalendar: "iCalendar" },
    },
    onReady: () => Promise.resolve({ host: "Outlook", platform: "OfficeOnline" }),
    context: {
      officeTheme: { bodyBackgroundColor: window.__officeBackground || "#ffffff", bodyForegroundColor: "#000000" },
      // No requirement set unless the test says which Mailbox version this Outlook has (window.__mailboxMinor = 12).
      requirements: { isSetSupported: (name, version) => name === "Mailbox" && Number(String(version).split(".")[1]) <= (window.__mailboxMinor || 0) },
      diagnostics: { platform: "OfficeOnline" },
      roamingSettings: {
        get: (name) => settings.get(name),
        set: (name, value) => settings.set(name, value),
        saveAsync: (callback) => setTimeout(() => callback && callback({ status: "succeeded" })),
      },
      mailbox: {
        get item() { return item; },
        userProfile: { timeZone: "W. Europe Standard Time", emailAddress: "bob@contoso.com" },
        convertToRestId: (id) => `rest-${id}`,
        addHandlerAsync: (event, handler, callback) => {
          handlers.push(handler);
          callback({ status: "succeeded" });
        },
      },
    },
  };

  // A draft in compose mode: what the pane writes into it is kept in window.__draft for the test to read.
  const asDraft = (draft) => {
    window.__draft = { body: draft.body || "", to: [], subject: draft.subject || "", session: draft.session || {} };
    const ok = (callback, value) => setTimeout(() => callback({ status: "succeeded", value }));
    return {
      itemType: "message",
      // The draft's session data (Mailbox 1.11): kept with the draft for the add-in, never sent.
      sessionData: {
        getAsync: (name, callback) => setTimeout(() => callback(name in window.__draft.session
          ? { status: "succeeded", value: window.__draft.session[name] }
          : { status: "failed", error: { message: "The key was not found." } })),
        setAsync: (name, value, callback) => { window.__draft.session[name] = value; ok(callback); },
        removeAsync: (name, callback) => { delete window.__draft.session[name]; ok(callback); },
      },
      body: {
        getAsync: (coercion, callback) => ok(callback, window.__draft.body.replace(/<[^>]*>/g, "")),
        setAsync: (html, options, callback) => { window.__draft.body = html; ok(callback); },
        setSelectedDataAsync: (html, options, callback) => { window.__draft.body += html; ok(callback); },
      },
      to: { addAsync: (people, callback) => { window.__draft.to.push(...people); ok(callback); } },
      subject: { getAsync: (callback) => ok(callback, window.__draft.subject), setAsync: (text, callback) => { window.__draft.subject = text; ok(callback); } },
    };
  };

  // The test selects a message; a pinned pane hears ItemChanged exactly as in Outlook.
  window.__outlook = {
    compose(draft) {
      item = asDraft(draft || {});
    },
    select(message, attachments) {
      item = asItem(message, attachments);
      handlers.forEach((handler) => handler({ type: "olkItemSelectedChanged" }));
    },
    preset(message, attachments) {
      item = asItem(message, attachments);
    },
  };
})();
