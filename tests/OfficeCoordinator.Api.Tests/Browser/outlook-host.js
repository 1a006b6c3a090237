// A simulated Outlook host for browser tests: the subset of Office.js the pane uses, with the selected message
// under the test's control. It stands where https://appsforoffice.microsoft.com/lib/1/hosted/office.js would load.
(() => {
  const handlers = [];
  const settings = new Map();
  let item = null;

  const asItem = (message) => message && {
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
  };

  window.Office = {
    HostType: { Outlook: "Outlook", Excel: "Excel" },
    CoercionType: { Text: "text", Html: "html" },
    EventType: { ItemChanged: "olkItemSelectedChanged" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    MailboxEnums: { ItemType: { Message: "message", Appointment: "appointment" }, RestVersion: { v2_0: "v2.0" } },
    onReady: () => Promise.resolve({ host: "Outlook", platform: "OfficeOnline" }),
    context: {
      officeTheme: { bodyBackgroundColor: window.__officeBackground || "#ffffff", bodyForegroundColor: "#000000" },
      requirements: { isSetSupported: () => false },
      roamingSettings: {
        get: (name) => settings.get(name),
        set: (name, value) => settings.set(name, value),
        saveAsync: (callback) => setTimeout(() => callback && callback({ status: "succeeded" })),
      },
      mailbox: {
        get item() { return item; },
        convertToRestId: (id) => `rest-${id}`,
        addHandlerAsync: (event, handler, callback) => {
          handlers.push(handler);
          callback({ status: "succeeded" });
        },
      },
    },
  };

  // The test selects a message; a pinned pane hears ItemChanged exactly as in Outlook.
  window.__outlook = {
    select(message) {
      item = asItem(message);
      handlers.forEach((handler) => handler({ type: "olkItemSelectedChanged" }));
    },
    preset(message) {
      item = asItem(message);
    },
  };
})();
