import { CoordinatorApi } from "../shared/api";
import { signInLocally } from "../shared/auth";
import { clearPending, readPending } from "./sendRecords";

// Outlook's on-send event (Mailbox 1.12): the status reports the pane inserted into this draft are recorded now, as
// Outbound Update communications with delivery Sent. When they cannot be, Outlook asks the user whether to send anyway
// (sendMode promptUser): the message is never held back by the add-in alone.
async function onMessageSend(event: Office.MailboxEvent): Promise<void> {
  try {
    const item = Office.context.mailbox.item as Office.MessageCompose;
    const pending = await readPending(item.sessionData);
    if (pending.length) {
      const api = new CoordinatorApi(null);
      const config = await api.config();
      const token = config.signIn === "entra"
        ? (await (await import("../shared/naa")).entraTokens(config)).token
        : (await signInLocally(api, pending[0]!.user.name, pending[0]!.user.email)).token;
      const signedIn = api.withToken(token);
      for (const record of pending) await signedIn.reportInserted(record.projectId, record.number, record.audience, record.external, "Sent");
      await clearPending(item.sessionData);
    }

    event.completed({ allowEvent: true });
  } catch (error) {
    console.error("Recording the status report failed.", error instanceof Error ? error.message : error);
    event.completed({
      allowEvent: false,
      errorMessage: "OfficeCoordinator could not log the status report in this message. Send it anyway (then log it from the pane), or try again.",
    });
  }
}

// Associated when the runtime loads, as Outlook expects, so the handler is there before the event is dispatched.
Office.actions.associate("onMessageSendHandler", onMessageSend);
