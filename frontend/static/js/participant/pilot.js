// Answers the page's questions (language, consent, device) for the timing harness or the
// simulation mode. Unarmed, it never answers.

export function createPilot() {
  let answers = null;
  const waiting = [];
  return {
    arm(given) {
      answers = given;
      waiting.splice(0).forEach((go) => go());
    },
    // Resolves with the answer for `step` once armed (at once if armed already).
    answer(step) {
      return new Promise((resolve) => {
        const go = () => resolve(answers[step]);
        if (answers) go();
        else waiting.push(go);
      });
    },
    get armed() {
      return answers !== null;
    },
  };
}
