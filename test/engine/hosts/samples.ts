/**
 * The CloudFormation template the template tests of each layer (engine, LSP, VS Code) start from: an application
 * role, and a key whose policy delegates to the account through pseudo parameters and lets the role use the key
 * with a misspelt kms:Decrytp (KP201) beside kms:Encrypt. `tail` follows the Use statement's Resource line.
 */
export function appKeyTemplate(tail = ''): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      Description: data key
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Root
            Effect: Allow
            Principal:
              AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"
            Action: "kms:*"
            Resource: "*"
          - Sid: Use
            Effect: Allow
            Principal:
              AWS: !GetAtt AppRole.Arn
            Action:
              - kms:Decrytp
              - kms:Encrypt
            Resource: "*"
${tail}`;
}
