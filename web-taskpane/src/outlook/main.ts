import "../shared/styles.css";
import { field, h, options } from "../shared/dom";
import { startPane } from "../shared/start";
import { ComposePane, draftOf, previewDraft } from "./compose";
import { followSelection, readAttachment, readMessage } from "./mailbox";
import { OutlookPane } from "./pane";
import { browserStore, ProjectMemory, roamingStore } from "./projectMemory";
import { sampleAttachment, sampleMessages } from "./samples";

// Inside Outlook the pane works on the selected message; outside Office it is a browser preview with sample messages.
startPane("Outlook", async ({ app, api, session, config, inHost: inOutlook }) => {
  const memory = new ProjectMemory(inOutlook ? roamingStore(Office.context.roamingSettings) : browserStore(localStorage));
  const paneRoot = h("div", { className: "pane-body" });
  const fromMailbox = config.signIn === "entra";
  const pane = new OutlookPane(paneRoot, api, memory, await api.projects(), session, {
    fromMailbox,
    read: inOutlook ? (attachment) => readAttachment(Office.context.mailbox, attachment) : sampleAttachment,
  });
  pane.render();

  // Compose mode: the draft's recipients can be added to; a message being read has no such thing.
  const composing = inOutlook && typeof (Office.context.mailbox.item as Office.MessageCompose | null)?.to?.addAsync === "function";
  if (composing) {
    const compose = h("div", { className: "pane-body" });
    app.replaceChildren(compose);
    await new ComposePane(compose, api, await api.projects(), session, draftOf(Office.context.mailbox.item as Office.MessageCompose)).render();
    return;
  }

  if (inOutlook) {
    const mailbox = Office.context.mailbox;
    app.replaceChildren(paneRoot);
    const showSelected = async () => pane.show(await readMessage(mailbox));
    await followSelection(mailbox, () => void showSelected());
    await showSelected();
    return;
  }

  const samples = sampleMessages();
  const picker = options(h("select", { name: "sample" }),
    [...samples.map((m, i) => ({ value: String(i), label: m.subject ?? "" })), { value: "compose", label: "A new message: insert a status report" }], "0");
  const composeRoot = h("div", { className: "pane-body", hidden: true });
  const previewArea = h("div", { className: "card" });
  let composeStarted = false;
  picker.addEventListener("change", () => {
    const compose = picker.value === "compose";
    paneRoot.hidden = compose;
    composeRoot.hidden = !compose;
    if (compose && !composeStarted) {
      composeStarted = true;
      void api.projects().then((projects) => new ComposePane(composeRoot, api, projects, session, previewDraft(previewArea)).render())
        .then(() => composeRoot.append(previewArea));
    }

    if (!compose) void pane.show(samples[Number(picker.value)] ?? null);
  });
  app.replaceChildren(
    h("div", { className: "banner" }, "Browser preview: outside Outlook the pane works on sample messages. ", field("Sample message", picker)),
    paneRoot, composeRoot);
  await pane.show(samples[0] ?? null);
});
