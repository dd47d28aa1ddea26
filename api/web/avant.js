// certidoc's page, section "Avant la session": checks the workbook (or
// session JSON) with its planning, shows the planning's problems and
// warnings by sheet and cell, and downloads the papers before the jury
// (the ZIP with progress, the planning as PDF or Excel). As for the rest
// of the page, the server keeps nothing: the file is sent again with each
// download.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  let file = null;  // the last file whose planning is ready
  let total = 0;    // documents of the ZIP, per format

  const { headers, text, problemOf, problemList, filename, save, receive, nombre, check } = window.certidoc;

  function status(msg) { $("avant-etat").textContent = msg; }

  function showError(title, list) {
    const box = $("avant-erreurs");
    box.replaceChildren(text("h3", title));
    if (list && list.length) box.append(problemList(list));
    box.hidden = false;
    box.focus();
  }

  // dateLongue writes 2022-09-19 as "19 septembre 2022".
  function dateLongue(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    const mois = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
    return `${d === 1 ? "1er" : d}\u00a0${mois[m - 1]} ${y}`;
  }

  function showSummary(r) {
    const a = r.avant_session;
    const box = $("avant-synthese");
    const seances = a.seances.length;
    box.replaceChildren(
      text("h3", `Planning de la session ${r.session}`),
      text("p", `${nombre(seances, "séance", "séances")} (${a.seances.join(", ")}), ${nombre(r.candidats, "candidat convoqué", "candidats convoqués")}. ` +
        `Les convocations sont datées du ${dateLongue(a.envoi)}. L’archive compte ${nombre(a.documents, "document", "documents")} par format\u00a0: ` +
        `le planning, ${nombre(seances, "feuille", "feuilles")} d’émargement, les convocations des candidats et celles des membres du jury.`, "ok"));
    if (a.avertissements.length) {
      const w = document.createElement("div");
      w.className = "avertissements";
      w.append(text("h4", `Points d’attention du planning (${a.avertissements.length})`),
        text("p", `À vérifier avant d’envoyer les convocations (délai attendu\u00a0: ${nombre(a.delai_jours, "jour", "jours")} au moins avant chaque séance)\u202f; ils sont aussi dans AVERTISSEMENTS.txt, à la racine de l’archive.`),
        problemList(a.avertissements));
      box.append(w);
    }
    box.hidden = false;
  }

  $("avant-formulaire").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const chosen = $("avant-fichier").files[0];
    if (!chosen) return;
    $("avant-erreurs").hidden = true;
    $("avant-synthese").hidden = true;
    $("avant-documents").disabled = true;
    $("avant-attente").hidden = false;
    $("avant-avancement").hidden = true;
    file = null;
    const r = await check(chosen, status, showError);
    if (!r) return;
    if (!r.resultats) { // problems in the session: nothing can be made
      showError(`Le fichier compte ${nombre(r.problemes.length, "problème", "problèmes")} à corriger avant de faire les convocations. Corrigez-les dans le classeur, enregistrez-le, puis déposez-le à nouveau.`, r.problemes);
      return;
    }
    if (!r.avant_session) {
      showError("Ce fichier n’a pas de planning\u00a0: remplissez la feuille «\u00a0Planning\u00a0» du classeur (une ligne par candidat convoqué à une séance), enregistrez-le, puis déposez-le à nouveau.");
      return;
    }
    file = chosen;
    total = r.avant_session.documents;
    showSummary(r);
    $("avant-documents").disabled = false;
    $("avant-attente").hidden = true;
    const n = r.avant_session.avertissements.length;
    status(n ? `Planning valide, avec ${nombre(n, "point", "points")} d’attention\u00a0: les documents peuvent être téléchargés.` : "Planning valide\u00a0: les documents peuvent être téléchargés.");
    $("avant-synthese").focus();
  });

  // download posts the file to url and saves the answer. For the ZIP
  // (count > 0), progress counts its entries as they stream in.
  async function download(url, fallback, count) {
    if (!file) return;
    $("avant-erreurs").hidden = true;
    const bar = $("avant-progression");
    const label = $("avant-progression-texte");
    $("avant-documents").disabled = true;
    $("avant-avancement").hidden = false;
    bar.max = count || 1;
    bar.value = 0;
    label.textContent = count ? `Préparation\u00a0: 0 / ${count}\u00a0documents` : "Préparation du document…";
    const fd = new FormData();
    fd.append("fichier", file, file.name);
    try {
      const res = await fetch(url, { method: "POST", body: fd, headers: headers() });
      if (!res.ok) {
        const p = await problemOf(res);
        showError(p.detail || p.title, p.problemes);
        label.textContent = "Échec\u00a0: rien n’a été téléchargé.";
        return;
      }
      const blob = await receive(res, count, (n) => {
        bar.value = n;
        label.textContent = `Préparation\u00a0: ${n} / ${count}\u00a0documents`;
      });
      bar.value = bar.max;
      label.textContent = "Terminé\u00a0: le fichier est téléchargé.";
      save(blob, filename(res, fallback));
    } catch (e) {
      showError("Le téléchargement a échoué (connexion interrompue\u202f?). Réessayez.");
      label.textContent = "Échec\u00a0: rien n’a été téléchargé.";
    } finally {
      $("avant-documents").disabled = false;
    }
  }

  $("avant-zip").addEventListener("click", () => {
    const formats = [];
    if ($("avant-format-pdf").checked) formats.push("pdf");
    if ($("avant-format-docx").checked) formats.push("docx");
    if (!formats.length) {
      showError("Cochez au moins un format (PDF ou Word) pour l’archive.");
      return;
    }
    download("/api/v1/avant-session?format=" + formats.join(","), "avant-session.zip", total * formats.length);
  });
  $("planning-pdf").addEventListener("click", () => download("/api/v1/planning?format=pdf", "planning.pdf"));
  $("planning-xlsx").addEventListener("click", () => download("/api/v1/planning?format=xlsx", "planning.xlsx"));
})();
