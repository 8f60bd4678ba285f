// validator.js ships no declarations; only its passport rule is used (test/detect/_eval-ids.ts).
declare module 'validator/lib/isPassportNumber.js' {
  export default function isPassportNumber(str: string, countryCode: string): boolean;
}
