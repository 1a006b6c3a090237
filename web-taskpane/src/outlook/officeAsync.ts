// Office.js's callback APIs as promises: the value on success, the host's message as the error otherwise.
export const officeCall = <T>(start: (done: (result: Office.AsyncResult<T>) => void) => void) =>
  new Promise<T>((resolve, reject) => start((result) =>
    result.status === Office.AsyncResultStatus.Succeeded ? resolve(result.value) : reject(new Error(result.error.message))));
