/**
 * Text → search terms for the offline responder: accent- and case-insensitive words, stop words
 * dropped (English, Spanish, Portuguese, French basics), a light suffix stemmer, and a small
 * lexicon of what customers ask businesses about (price, hours, delivery…) so "how much" finds
 * "price" and "when are you open" finds "opening hours". Pure.
 */

const STOP_WORDS = new Set(
  `a an the and or but if of to in on at by for from with about as into than then so too very
  i me my we our us you your yours he she it its they them their this that these those there here
  is are was were be been being am do does did doing have has had having can could will would shall
  should may might must what which who whom how why just also any some all more most other such only
  own same not no nor up down out off over under again further once hi hello hey please thanks thank
  pls plz ok okay yes yeah guys quick question wondering wonder know tell want like need let get got
  im ive id dont doesnt isnt arent cant don doesn isn aren didn won wouldn s t d ll m re ve
  el la los las un una unos unas y o de del al en con por para que es son esta estan ser hay mi mis
  tu tus su sus yo me te se le lo nos como mas pero si ya muy hola gracias favor quiero quisiera saber
  o os as um uma e do da dos das no na nos nas em com por para que e sao esta ser tem eu voce ola
  obrigado obrigada gostaria
  le la les un une des et ou de du au aux en avec pour par que qui est sont ce cette ces je tu il elle
  nous vous ils mon ma mes ton ta votre vos leur bonjour salut merci voudrais savoir`.split(/\s+/),
);

/**
 * Concept groups: any word of a group also indexes (and queries) the group's name. Words are
 * written normalized (no accents) and are stemmed like the text before lookup.
 */
const CONCEPTS: Record<string, string> = {
  price: `price prices cost costs costing much fee fees charge expensive cheap pricing rate rates
    precio precios cuesta cuestan cuanto vale valor preco precos quanto custa prix tarif combien coute`,
  hours: `hours hour open opening opens close closing closed schedule today tonight tomorrow horario abierto abren
    abre cierra cierran aberto fecha horaire horaires ouvert ouvre ferme`,
  delivery: `ship ships shipping shipped send sends sent deliver delivers delivery deliveries dispatch
    postage courier abroad international internationally envio envios enviar envian entrega entregas
    frete entregar livraison livrer expedition`,
  refund: `refund refunds return returns returning money exchange exchanges devolucion devoluciones
    reembolso devolver troca devolucao remboursement rembourser retour retours echange`,
  location: `address located location locations find directions map street direccion ubicacion calle
    endereco localizacao rua adresse situe trouver rue`,
  booking: `book booking books appointment appointments reserve reservation reservations spot slot signup
    register cita citas reserva reservar agendar marcar agendamento inscribir inscrever rendez reserver
    inscrire`,
  discount: `discount discounts coupon coupons promo promotion code codes sale sales offer offers deal
    deals descuento descuentos cupon promocion oferta desconto cupom promocao reduction remise solde`,
  start: `start starts starting begin begins beginning commence launch date dates next intake empieza
    comienza inicio comeca inicia debut commencer`,
  duration: `long duration last lasts weeks week minutes dura duracion duracao duree semanas semaines`,
  size: `size sizes sizing measurements small medium large talla tallas tamano tamanho taille tailles`,
  contact: `phone call email mail contact whatsapp number reach telefono correo contato telefone joindre`,
  payment: `pay paying paid payment payments card cards credit debit paypal cash transfer methods accept
    mbway tarjeta efectivo pago pagar cartao dinheiro pagamento carte especes paiement payer`,
  installments: `installments installment instalments instalment split monthly cuotas plazos parcelas
    prestacoes mensualites`,
  membership: `membership memberships member unlimited subscription subscribe month pass abono
    mensualidad mensalidade abonnement`,
  online: `online remote remotely zoom virtual internet distance linea distancia ligne`,
  device: `mobile iphone android tablet ipad computer laptop device devices app celular movil
    telemovel portable`,
  certificate: `certificate certificates certification certified diploma certificado certificat`,
  gift: `gift gifts voucher vouchers present friend sister mother regalo presente cadeau bon`,
  stock: `stock available availability sold restock restocked disponible disponivel dispo`,
  cancel: `cancel cancels cancellation cancelling reschedule move cancelar cancelacion annuler
    annulation`,
  language: `language languages english portuguese spanish french speak idioma ingles portugues
    espanol lingua langue anglais`,
  beginner: `beginner beginners newbie novice never new first principiante iniciante debutant`,
  free: `free trial try complimentary gratis gratuito gratuit`,
  style: `style styles kind kinds type types estilo tipo genre`,
  retreat: `retreat retreats holiday holidays getaway trip retiro retraite`,
  parking: `park parking car cars garage aparcar estacionamento estacionar garer`,
  pregnancy: `pregnant pregnancy prenatal expecting embarazada gravida enceinte`,
  teacher: `teacher teachers instructor instructors training profesor professor professeur`,
  shower: `shower showers changing change clothes locker lockers towel towels ducha vestuario douche`,
  private: `private individual personal particular privado prive`,
  care: `clean cleaning wash washing washable care dishwasher dry iron lavar limpiar lavavajillas limpar
    laver nettoyer entretien`,
};

/**
 * Places (countries, regions, big cities): "do you ship to Spain?" is a shipping question
 * whether or not the FAQ names Spain. A place word is indexed and searched as `~place`, and a
 * query's place words count toward the confidence only when an entry has a place too
 * (bm25-index.ts), so an unknown destination does not turn a known question into a fallback.
 */
const PLACES = new Set(
  `spain france germany italy portugal uk england scotland wales britain ireland usa america canada
  mexico brazil argentina chile colombia peru australia zealand japan china korea india netherlands
  holland belgium luxembourg switzerland austria sweden norway denmark finland poland czechia greece
  turkey morocco europe eu asia africa international worldwide lisbon porto london paris madrid
  barcelona berlin rome milan amsterdam brussels dublin york
  espana espanha francia franca alemania alemanha italia inglaterra irlanda estados unidos mexico
  brasil japon japao suecia holanda belgica suiza suica europa
  espagne allemagne italie angleterre irlande etats unis mexique bresil japon suede pays bas belgique
  suisse`.split(/\s+/),
);

/** shipp → ship, plann → plan (but not fill, pass, buzz). */
const undouble = (w: string) =>
  /([b-df-hj-kmnp-rtv-xz])\1$/.test(w) && !/(ll|ss|zz)$/.test(w) ? w.slice(0, -1) : w;

/** ies → y, plural s, -ing, -ed, -ly; Romance plurals; then at most 7 characters. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(sses|xes|ches|shes)$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = undouble(w.slice(0, -3));
  else if (w.length > 4 && w.endsWith("ed")) w = undouble(w.slice(0, -2));
  else if (w.length > 5 && w.endsWith("ly")) w = w.slice(0, -2);
  return w.slice(0, 7);
}

/** Lower case, accents and punctuation gone, split into words. */
export function words(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’]/g, " ")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

const conceptOf = new Map<string, string>();
for (const [concept, list] of Object.entries(CONCEPTS)) {
  for (const w of list.split(/\s+/).filter(Boolean)) conceptOf.set(stem(w), concept);
}

/**
 * The terms of a text, one group per meaningful word: its stem, plus `#concept` for lexicon
 * words. A document is indexed by every term; a query word counts as found when any term of its
 * group is.
 */
export function searchTermGroups(text: string): string[][] {
  const out: string[][] = [];
  for (const w of words(text)) {
    if (STOP_WORDS.has(w)) continue;
    if (PLACES.has(w)) {
      out.push([`~place`]);
      continue;
    }
    const s = stem(w);
    const concept = conceptOf.get(s);
    out.push(concept ? [s, `#${concept}`] : [s]);
  }
  return out;
}

/** Every term of a text, flattened (what a document is indexed by). */
export const searchTerms = (text: string): string[] => searchTermGroups(text).flat();
